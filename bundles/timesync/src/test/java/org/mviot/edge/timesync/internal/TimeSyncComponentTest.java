package org.mviot.edge.timesync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.timesync.internal.clock.SyncRecord;
import org.mviot.edge.timesync.internal.ntp.ScriptedNtpServer;
import org.mviot.edge.timesync.internal.system.ChronyServer;

/** The component against real peers: chronyd serving NTP on 127.0.0.1, and the scripted server with a known offset. */
class TimeSyncComponentTest {

    private static final long MS = 1_000_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final RunningTimeSync timeSync = new RunningTimeSync(2, 500);

    private static String describe(TimeSyncComponent c) {
        return c.status();
    }

    private long syncsSeen;
    private long lastSyncAt = Long.MIN_VALUE;

    /** Counts the distinct synchronizations seen so far by polling. */
    private long rounds(TimeSyncComponent c) {
        c.lastSync().ifPresent(r -> {
            if (r.atNanoTime() != lastSyncAt) {
                lastSyncAt = r.atNanoTime();
                syncsSeen++;
            }
        });
        return syncsSeen;
    }

    @Test
    void synchronizesToARealChronydAndReportsItsStratumAndASmallOffset() throws Exception {
        try (ChronyServer chrony = ChronyServer.server(dir)) {
            TimeSyncComponent c = timeSync.start(List.of(chrony.hostPort()), Map.of());

            Await.until("the clock to be synchronized to chronyd for four rounds",
                    () -> rounds(c) >= 4 && c.source() == TimeSource.SYNCED, () -> describe(c));

            SyncRecord r = c.lastSync().orElseThrow();
            assertThat(r.via()).isEqualTo("ntp");
            assertThat(r.server()).isEqualTo(chrony.hostPort());
            assertThat(r.stratum()).isEqualTo(8);
            // chronyd serves this very host clock: the truth is 0
            assertThat(r.offsetNanos()).isBetween(-5 * MS, 5 * MS);
            // the true error is the distance from the system clock (chronyd serves it); the bound must cover it
            assertThat(c.uncertaintyMillis()).isNotNegative()
                    .isGreaterThanOrEqualTo(Math.abs(c.currentTimeMillis() - System.currentTimeMillis()) - 1);
            assertThat(c.status()).contains("via ntp " + chrony.hostPort()).contains("stratum 8");
        }
    }

    @Test
    void theQualityDegradesToSystemClockOnceChronydIsGoneForLongerThanTheHoldOver() throws Exception {
        TimeSyncComponent c;
        try (ChronyServer chrony = ChronyServer.server(dir)) {
            c = timeSync.start(List.of(chrony.hostPort()), Map.of());
            Await.until("the clock to be synchronized to chronyd", () -> c.source() == TimeSource.SYNCED, () -> describe(c));
        }

        Await.until("the clock to fall back to the system clock after the 2 s hold-over", () -> c.source() == TimeSource.SYSTEM_CLOCK,
                () -> describe(c));

        assertThat(c.status()).contains("no answer");
        // the bound keeps the last sync's error bound and grows with the drift since
        long boundAtLastSync = (long) Math.ceil(c.lastSync().orElseThrow().errorBoundNanos() / 1e6);
        assertThat(c.uncertaintyMillis()).isGreaterThanOrEqualTo(boundAtLastSync);
    }

    @Test
    void aServerTwoSecondsAheadMovesTheClockForwardAndFlagsTheTimeBeforeAsWrongAtBoot() throws Exception {
        // its answers go unheard until the test has taken a timestamp before the first sync
        try (ScriptedNtpServer server = new ScriptedNtpServer(2000 * MS).wrongOrigin(true)) {
            TimeSyncComponent c = timeSync.start(List.of(server.hostPort()), Map.of());
            long before = c.currentTimeMillis();
            assertThat(c.lastSync()).isEmpty();
            server.wrongOrigin(false);

            Await.until("the clock to be synchronized to the scripted server for four rounds",
                    () -> c.source() == TimeSource.SYNCED && server.requests() >= 4, () -> describe(c));

            assertThat(c.lastSync().orElseThrow().offsetNanos()).isBetween(1995 * MS, 2005 * MS);
            long diff = c.currentTimeMillis() - System.currentTimeMillis();
            assertThat(diff).isBetween(1995L, 2005L);
            assertThat(c.bootStep().orElseThrow().wrongAtBoot()).isTrue();
            assertThat(c.suspect(before)).isTrue();
            assertThat(c.suspect(c.currentTimeMillis())).isFalse();
        }
    }

    @Test
    void aServerTwoSecondsBehindIsSlewedTowardWithoutTimeGoingBackwards() throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(-2000 * MS)) {
            TimeSyncComponent c = timeSync.start(List.of(server.hostPort()), Map.of("slew_rate_ppm", 500_000));
            long[] last = {c.currentTimeMillis()};
            boolean[] backwards = {false};

            Await.until("the clock to have slewed to two seconds behind the system clock", () -> {
                long t = c.currentTimeMillis();
                backwards[0] |= t < last[0];
                last[0] = t;
                return c.source() == TimeSource.SYNCED && System.currentTimeMillis() - t >= 1995;
            }, () -> describe(c));

            assertThat(backwards[0]).as("time went backwards").isFalse();
            assertThat(c.lastSync().orElseThrow().offsetNanos()).isBetween(-2005 * MS, -1995 * MS);
        }
    }

    @Test
    void twoAgreeingServersOutvoteOneThatIsTwoSecondsOff() throws Exception {
        try (ScriptedNtpServer a = new ScriptedNtpServer(0); ScriptedNtpServer b = new ScriptedNtpServer(0);
             ScriptedNtpServer liar = new ScriptedNtpServer(2000 * MS)) {
            TimeSyncComponent c = timeSync.start(List.of(a.hostPort(), liar.hostPort(), b.hostPort()), Map.of());

            // the clock filter keeps each server's least-delay sample: a cold first exchange may be slow and lopsided
            Await.until("the clock to be synchronized after four rounds", () -> c.source() == TimeSource.SYNCED && a.requests() >= 4
                    && b.requests() >= 4, () -> describe(c));

            assertThat(c.lastSync().orElseThrow().offsetNanos()).isBetween(-5 * MS, 5 * MS);
            assertThat(c.lastSync().orElseThrow().server()).isNotEqualTo(liar.hostPort());
        }
    }

    @Test
    void unsynchronizedServersNeverSynchronizeTheClock() throws Exception {
        try (ScriptedNtpServer leap = new ScriptedNtpServer(0).leap(3); ScriptedNtpServer s16 = new ScriptedNtpServer(0).stratum(16)) {
            TimeSyncComponent c = timeSync.start(List.of(leap.hostPort(), s16.hostPort()), Map.of());

            Await.until("both servers to have been asked twice", () -> leap.requests() >= 2 && s16.requests() >= 2, () -> describe(c));

            assertThat(c.source()).isEqualTo(TimeSource.SYSTEM_CLOCK);
            assertThat(c.lastSync()).isEmpty();
            assertThat(c.status()).contains("not synchronized itself (leap 3").contains("stratum 16");
        }
    }

    @Test
    void aServerThatKissesDenyIsNeverAskedAgain() throws Exception {
        try (ScriptedNtpServer deny = new ScriptedNtpServer(0).kiss("DENY"); ScriptedNtpServer good = new ScriptedNtpServer(0)) {
            TimeSyncComponent c = timeSync.start(List.of(deny.hostPort(), good.hostPort()), Map.of());

            Await.until("the good server to have been asked three times and the clock synchronized to it",
                    () -> good.requests() >= 3 && c.source() == TimeSource.SYNCED, () -> describe(c));

            assertThat(deny.requests()).isEqualTo(1);
            assertThat(c.status()).contains(deny.hostPort() + " (dropped)");
            assertThat(c.lastSync().orElseThrow().server()).isEqualTo(good.hostPort());
        }
    }

    @Test
    void aServerThatKissesRateIsAskedLessOften() throws Exception {
        try (ScriptedNtpServer rate = new ScriptedNtpServer(0).kiss("RATE"); ScriptedNtpServer good = new ScriptedNtpServer(0)) {
            TimeSyncComponent c = timeSync.start(List.of(rate.hostPort(), good.hostPort()), Map.of());

            Await.until("the good server to have been asked five times", () -> good.requests() >= 5, () -> describe(c));

            // backed off to 2 s, then 4 s: at most 3 of the 5 rounds
            assertThat(rate.requests()).isBetween(1, 3);
            assertThat(c.status()).contains("Kiss-o'-Death RATE");
        }
    }

    @Test
    void fallsBackToChronyWhenNoServerOfOursIsConfigured() throws Exception {
        try (ChronyServer upstream = ChronyServer.server(dir); ChronyServer local = ChronyServer.clientOf(dir, upstream)) {
            TimeSyncComponent c = timeSync.start(List.of(), Map.of("system_sources", true, "chrony_command", local.trackingCommand().toArray(String[]::new),
                    "holdover_s", 60));

            Await.until("the clock to be vouched for by chrony", () -> c.lastSync().map(r -> r.via().equals("chrony")).orElse(false)
                    && c.source() == TimeSource.SYNCED, () -> describe(c) + "\n" + local.output());

            assertThat(c.lastSync().orElseThrow().server()).isEqualTo("127.0.0.1");
            assertThat(c.lastSync().orElseThrow().stratum()).isEqualTo(9);
            assertThat(c.lastSync().orElseThrow().offsetNanos()).isZero();
        }
    }

    @Test
    void anInvalidServerIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> timeSync.start(List.of("ntp.example:notaport"), Map.of()))
                .hasMessageContaining("org.mviot.edge.timesync: servers").hasMessageContaining("ntp.example:notaport");
    }

    @Test
    void aNonPositivePollIntervalIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> timeSync.start(List.of(), Map.of("poll_interval_s", 0))).hasMessageContaining("poll.interval.s");
    }
}
