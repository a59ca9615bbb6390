package org.mviot.edge.timesync.internal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.testsupport.Await;

class ChronyTrackingTest {

    /** Printed by chronyc 4.3 on this machine for a chronyd tracking another on 127.0.0.1. */
    private static final String SYNCED = "7F000001,127.0.0.1,9,1796643009.944693443,-0.000001322,0.000000002,0.000000185,-0.015,0.000,"
            + "0.082,0.000006632,0.000001250,0.1,Normal\n";
    /** Printed by chronyc 4.3 for a chronyd serving its local clock (local stratum 8). */
    private static final String LOCAL = "7F7F0101,,8,1796643002.038754256,0.000000000,0.000000000,0.000000000,0.000,0.000,0.000,"
            + "0.000000000,0.000000000,0.0,Normal\n";
    /** Printed by chronyc 4.3 here for a chronyd whose only server does not answer. */
    private static final String UNSYNCED = "00000000,,0,0.000000000,0.000000000,0.000000000,0.000000000,0.000,0.000,0.000,"
            + "1.000000000,1.000000000,0.0,Not synchronised\n";

    @TempDir
    Path dir;

    @Test
    void readsTheFieldsOfARealTrackingLine() {
        ChronyTracking t = ChronyTracking.parse(SYNCED).orElseThrow();

        assertThat(t.referenceId()).isEqualTo("7F000001");
        assertThat(t.name()).isEqualTo("127.0.0.1");
        assertThat(t.stratum()).isEqualTo(9);
        assertThat(t.systemOffsetSeconds()).isEqualTo(-0.000001322);
        assertThat(t.rootDelaySeconds()).isEqualTo(0.000006632);
        assertThat(t.rootDispersionSeconds()).isEqualTo(0.00000125);
        assertThat(t.leapStatus()).isEqualTo("Normal");
        assertThat(t.synced()).isTrue();
        // 1.25 µs + 6.632 µs / 2 + 1.322 µs
        assertThat(t.errorBoundNanos()).isBetween(5_887L, 5_889L);
    }

    @Test
    void aLocalReferenceWithoutANameIsSynced() {
        assertThat(ChronyTracking.parse(LOCAL).orElseThrow().synced()).isTrue();
    }

    @Test
    void notSynchronisedIsNotSynced() {
        assertThat(ChronyTracking.parse(UNSYNCED).orElseThrow().synced()).isFalse();
    }

    @Test
    void anErrorMessageIsNoTracking() {
        assertThat(ChronyTracking.parse("506 Cannot talk to daemon\n")).isEmpty();
        assertThat(ChronyTracking.parse("")).isEmpty();
        assertThat(ChronyTracking.parse("a,b,c,d,e,f,g,h,i,j,k,l,m,n")).isEmpty();
    }

    @Test
    void readsTheTrackingOfARealChronydThatSynchronizedToAnother() throws Exception {
        try (ChronyServer upstream = ChronyServer.server(dir); ChronyServer client = ChronyServer.clientOf(dir, upstream)) {
            SystemTimeDaemons daemons = new SystemTimeDaemons(client.trackingCommand(), List.of("timedatectl-absent-here"), Duration.ofSeconds(5));
            Optional<ChronyTracking>[] seen = new Optional[] {Optional.empty()};
            Await.until("chronyd to report it is synchronized to 127.0.0.1", () -> {
                try {
                    seen[0] = daemons.chrony();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return seen[0].map(ChronyTracking::synced).orElse(false);
            }, () -> "last seen: " + seen[0] + "\n" + client.output());

            ChronyTracking t = seen[0].orElseThrow();
            assertThat(t.name()).isEqualTo("127.0.0.1");
            assertThat(t.stratum()).isEqualTo(9);
            assertThat(daemons.timesyncd()).isEmpty();
        }
    }

    @Test
    void aChronyThatDoesNotAnswerGivesNoTracking() throws Exception {
        SystemTimeDaemons daemons = new SystemTimeDaemons(List.of("chronyc", "-h", "127.0.0.1", "-p", "1", "-c", "tracking"),
                List.of("timedatectl"), Duration.ofSeconds(5));

        assertThat(daemons.chrony()).isEmpty();
    }
}
