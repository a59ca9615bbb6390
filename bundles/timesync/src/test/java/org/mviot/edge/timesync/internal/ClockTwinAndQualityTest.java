package org.mviot.edge.timesync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.time.TimeReference;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.timesync.internal.ntp.ScriptedNtpServer;
import org.mviot.edge.timesync.internal.system.ChronyServer;

/**
 * The clock as the rest of the gateway sees it (issue 12): the gateway twin's {@code clock} feature, the
 * quality of each timestamp, GNSS time when no server answers, and the system clock discipline.
 */
class ClockTwinAndQualityTest {

    private static final long MS = 1_000_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final RunningTimeSync timeSync = new RunningTimeSync(30, 300);

    /** A reference time played by the test: a GNSS receiver whose UTC is the system clock plus an offset. */
    private static final class ScriptedReference implements TimeReference {
        final AtomicReference<Long> offsetMillis = new AtomicReference<>();

        @Override
        public String kind() {
            return "gnss";
        }

        @Override
        public Optional<TimeMark> latest() {
            Long off = offsetMillis.get();
            return off == null ? Optional.empty()
                    : Optional.of(new TimeMark(System.currentTimeMillis() + off, System.nanoTime(), 500, "nmea /dev/ttyTEST"));
        }
    }

    @Test
    void theClockFeatureSaysUnsyncedBeforeTheFirstSyncAndThenTheServerStratumOffsetAndLastSync() throws Exception {
        try (ChronyServer chrony = ChronyServer.server(dir)) {
            TimeSyncComponent c = timeSync.start(List.of(chrony.hostPort()), Map.of("poll_interval_s", 60));
            // the first poll runs at once; right at start there may be no sync yet
            Map<String, Object> early = c.properties();
            if (c.lastSync().isEmpty()) {
                assertThat(early).containsEntry("synced", false).containsEntry("source", "system-clock").doesNotContainKeys("lastSync", "server");
            }
            assertThat(c.featureId()).isEqualTo("clock");

            Await.until("the clock synchronized to chronyd", () -> c.source() == TimeSource.SYNCED, c::status);
            Map<String, Object> p = c.properties();
            assertThat(p).containsEntry("synced", true).containsEntry("source", "ntp").containsEntry("server", chrony.hostPort())
                    .containsEntry("stratum", 8L).containsEntry("discipline", "off")
                    .containsKeys("offset.ms", "jitter.ms", "lastSync", "errorBound.ms", "firstSync", "bootStep.ms", "wrongAtBoot");
            // chronyd serves this host's clock, so the truth is 0: the offset is the error, and the bound reported must cover it
            // (one exchange on a loaded machine may be tens of milliseconds off: its delay says so)
            assertThat(Math.abs((Double) p.get("offset.ms"))).isLessThanOrEqualTo((Double) p.get("errorBound.ms"));
        }
    }

    @Test
    void aTimestampTakenBeforeTheFirstSyncIsFlaggedAndOneTakenAfterCarriesTheBound() throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(0).wrongOrigin(true)) {
            TimeSyncComponent c = timeSync.start(List.of(server.hostPort()), Map.of());
            long before = c.currentTimeMillis();
            assertThat(c.beforeFirstSync(before)).isTrue();
            assertThat(c.uncertaintyMillisAt(before)).isEqualTo(-1);
            assertThat(c.sourceAt(before)).isEqualTo(TimeSource.SYSTEM_CLOCK);

            server.wrongOrigin(false);
            Await.until("the clock synchronized", () -> c.source() == TimeSource.SYNCED, c::status);
            long after = c.currentTimeMillis();

            assertThat(c.beforeFirstSync(before)).as("still flagged after the sync").isTrue();
            assertThat(c.beforeFirstSync(after)).isFalse();
            assertThat(c.sourceAt(after)).isEqualTo(TimeSource.SYNCED);
            assertThat(c.uncertaintyMillisAt(after)).isNotNegative();
        }
    }

    @Test
    void gnssTimeSetsTheClockWhenNoTimeServerAnswersAndSourceAndQualitySaySo() throws Exception {
        int nobody = FreePorts.udp(); // nothing listens there: the server never answers
        ScriptedReference gnss = new ScriptedReference();
        TimeSyncComponent c = timeSync.start(List.of("127.0.0.1:" + nobody), Map.of());
        c.addReference(gnss);
        Await.until("the server asked without an answer", () -> c.status().contains("no answer"), c::status);
        assertThat(c.source()).isEqualTo(TimeSource.SYSTEM_CLOCK);

        gnss.offsetMillis.set(2000L);

        Await.until("the clock synchronized to GNSS", () -> c.source() == TimeSource.SYNCED, c::status);
        assertThat(c.properties()).containsEntry("source", "gnss").containsEntry("server", "nmea /dev/ttyTEST").containsEntry("stratum", 0L);
        assertThat(c.currentTimeMillis() - System.currentTimeMillis()).isCloseTo(2000L, within(100L));
        // an NMEA time is good to its receiver's bound: the samples carry at least that
        assertThat(c.uncertaintyMillisAt(c.currentTimeMillis())).isGreaterThanOrEqualTo(500);
        assertThat(c.status()).contains("via gnss nmea /dev/ttyTEST");
    }

    @Test
    void aGatewayWithoutThePrivilegeToStepTheSystemClockSaysSoOnceAndKeepsCorrectingItsOwnTime() throws Exception {
        // as root, drop to nobody: the real date command then fails as it does on an unprivileged gateway
        List<String> step = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            step.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        step.addAll(List.of("date", "-u", "-s", "@{seconds}"));
        try (ScriptedNtpServer server = new ScriptedNtpServer(2000 * MS)) {
            TimeSyncComponent c = timeSync.start(List.of(server.hostPort()), Map.of("clock_discipline", "step",
                    "clock_discipline_step_command", step.toArray(String[]::new)));

            Await.until("the step refused", () -> String.valueOf(c.properties().get("discipline")).startsWith("refused"), c::status);
            assertThat((String) c.properties().get("discipline")).contains("not permitted");
            long requests = server.requests();
            Await.until("two more rounds", () -> server.requests() >= requests + 2, c::status);
            // not tried again: the state still names the first refusal, and the gateway's own time is corrected
            assertThat((String) c.properties().get("discipline")).contains("not permitted");
            assertThat(c.currentTimeMillis() - System.currentTimeMillis()).isCloseTo(2000L, within(100L));
        }
    }

    @Test
    void anUnknownDisciplineIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> timeSync.start(List.of(), Map.of("clock_discipline", "slew-wildly")))
                .hasMessageContaining("org.mviot.edge.timesync: clock.discipline must be off or step, was 'slew-wildly'");
    }
}
