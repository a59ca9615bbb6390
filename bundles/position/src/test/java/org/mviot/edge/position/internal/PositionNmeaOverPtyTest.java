package org.mviot.edge.position.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.mviot.edge.testsupport.ComponentConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.position.Position;
import org.mviot.edge.api.serial.SerialPorts;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.PtyPair;
import org.mviot.edge.transport.serial.testing.TestSerialPorts;

/** The component reading NMEA from a socat pseudo-terminal through transport-serial's real (jssc) serial port service. */
class PositionNmeaOverPtyTest {

    @TempDir
    Path dir;
    private PositionComponent component;
    private TestSerialPorts ports;

    private PositionComponent start(Map<String, Object> values) {
        component = new PositionComponent(ComponentConfigs.of(PositionConfig.class, new HashMap<>(values)));
        return component;
    }

    /** @return transport-serial's real port service (jssc), looking for a vanished port every 50 ms */
    private SerialPorts ports() {
        if (ports == null) {
            ports = TestSerialPorts.start(50);
        }
        return ports;
    }

    @AfterEach
    void stop() {
        if (component != null) {
            component.deactivate();
        }
        if (ports != null) {
            ports.close();
        }
    }

    @Test
    void reportsTheReceiversFixThenNothingOnceItLosesTheFix() throws Exception {
        try (PtyPair pty = PtyPair.start(dir.resolve("gnss"), dir.resolve("receiver"));
             NmeaFeed feed = new NmeaFeed(pty.b(), NmeaFeed.Mode.FIX)) {
            PositionComponent c = start(Map.of("nmea_port", pty.a().toString(), "fix_timeout_s", 2));
            c.bindSerialPorts(ports());

            Position p = Await.value("a GNSS position", c::position);
            assertThat(p.source()).isEqualTo(Position.Source.GNSS);
            assertThat(p.latitude()).isCloseTo(48.1173, within(1e-9));
            assertThat(p.altitude()).isCloseTo(592.3, within(1e-9));
            assertThat(c.status()).contains("fix GNSS 3D, 8 satellites, HDOP 1.3");

            feed.mode(NmeaFeed.Mode.NO_FIX);

            Await.until("the position to be gone once the receiver reports no fix", () -> c.position().isEmpty(), c::status);
            assertThat(c.gnss().get(0).reason()).endsWith("(no fix)");
            assertThat(c.status()).contains("no fix since").contains("last good fix at");
        }
    }

    @Test
    void theGatewayTwinFeatureShowsTheFixAndOnceItIsLostNoCoordinatesOnlyWhenTheLastFixWas() throws Exception {
        try (PtyPair pty = PtyPair.start(dir.resolve("gnss"), dir.resolve("receiver"));
             NmeaFeed feed = new NmeaFeed(pty.b(), NmeaFeed.Mode.FIX)) {
            PositionComponent c = start(Map.of("nmea_port", pty.a().toString(), "fix_timeout_s", 2));
            c.bindSerialPorts(ports());
            PositionFeature feature = new PositionFeature(c);

            Await.until("a fix in the feature", () -> Boolean.TRUE.equals(feature.properties().get("fix")), () -> feature.properties().toString());
            Map<String, Object> fix = feature.properties();
            assertThat(fix).containsEntry("source", "nmea " + pty.a()).containsEntry("satellites", 8L).containsEntry("hdop", 1.3);
            assertThat((Double) fix.get("lat")).isCloseTo(48.1173, within(1e-9));
            assertThat(fix).containsKeys("lon", "alt", "lastFix");

            feed.mode(NmeaFeed.Mode.NO_FIX);

            Await.until("the fix lost in the feature", () -> Boolean.FALSE.equals(feature.properties().get("fix")), () -> feature.properties().toString());
            Map<String, Object> lost = feature.properties();
            assertThat(lost).containsEntry("source", "none").doesNotContainKeys("lat", "lon", "alt", "satellites", "hdop")
                    .containsKey("lastFix");
            assertThat((String) lost.get("gnss")).endsWith("(no fix)");
        }
    }

    @Test
    void aLostFixFallsBackToTheProvisionedPositionNamedAsFixed() {
        PositionFeature feature = new PositionFeature(start(Map.of("position_fixed", "52.5163,13.3777,34")));

        assertThat(feature.properties()).containsEntry("fix", true).containsEntry("source", "fixed").containsEntry("lat", 52.5163)
                .containsEntry("alt", 34.0).doesNotContainKey("lastFix");
    }

    @Test
    void theReceiversDatedTimeIsOfferedToTheClockOnlyWhileThereIsAFix() throws Exception {
        try (PtyPair pty = PtyPair.start(dir.resolve("gnss"), dir.resolve("receiver"));
             NmeaFeed feed = new NmeaFeed(pty.b(), NmeaFeed.Mode.FIX)) {
            PositionComponent c = start(Map.of("nmea_port", pty.a().toString(), "fix_timeout_s", 2));
            c.bindSerialPorts(ports());
            GnssTimeReference reference = new GnssTimeReference(c);

            var mark = Await.value("a GNSS time", reference::latest);
            assertThat(reference.kind()).isEqualTo("gnss");
            assertThat(mark.name()).isEqualTo("nmea " + pty.a());
            // the feed writes the current UTC second: the receiver's time is today's, not a guessed day
            assertThat(mark.utcMillis()).isCloseTo(System.currentTimeMillis(), within(60_000L));
            assertThat(mark.errorBoundMillis()).isEqualTo(GnssTimeReference.NMEA_ERROR_BOUND_MS);

            feed.mode(NmeaFeed.Mode.NO_FIX);

            Await.until("no GNSS time without a fix", () -> reference.latest().isEmpty());
        }
    }

    @Test
    void ignoresBadChecksumsAndGarbageAndCountsThem() throws Exception {
        try (PtyPair pty = PtyPair.start(dir.resolve("gnss"), dir.resolve("receiver"));
             NmeaFeed feed = new NmeaFeed(pty.b(), NmeaFeed.Mode.FIX_WITH_NOISE)) {
            PositionComponent c = start(Map.of("nmea_port", pty.a().toString()));
            c.bindSerialPorts(ports());

            Await.until("bad checksums and garbage counted beside good sentences",
                    () -> c.status().matches("(?s).*bad checksum [1-9].*") && c.status().matches("(?s).*garbage [1-9].*"), c::status);
            assertThat(c.position()).get().extracting(Position::latitude).isEqualTo(48.1173);
        }
    }

    @Test
    void losesTheFixWhenTheReceiverIsUnpluggedAndRegainsItWhenPluggedBackIn() throws Exception {
        Path gnss = dir.resolve("gnss");
        Path receiver = dir.resolve("receiver");
        PositionComponent c;
        try (PtyPair pty = PtyPair.start(gnss, receiver); NmeaFeed feed = new NmeaFeed(receiver, NmeaFeed.Mode.FIX)) {
            c = start(Map.of("nmea_port", gnss.toString(), "fix_timeout_s", 30));
            c.bindSerialPorts(ports());
            Await.value("a GNSS position", c::position);
        }

        // unplugged: the port reports it is gone well before the 30 s fix timeout
        Await.until("the position to be gone once the receiver is unplugged", () -> c.position().isEmpty(), c::status);
        assertThat(c.gnss().get(0).reason()).contains("gone");

        try (PtyPair pty = PtyPair.start(gnss, receiver); NmeaFeed feed = new NmeaFeed(receiver, NmeaFeed.Mode.FIX)) {
            Await.value("the GNSS position back after the receiver is plugged in again", c::position);
        }
    }

    @Test
    void withoutAnyGnssSourceTheProvisionedPositionIsReported() {
        PositionComponent c = start(Map.of("position_fixed", "52.5163,13.3777,34"));

        Position p = c.position().orElseThrow();
        assertThat(p.source()).isEqualTo(Position.Source.FIXED);
        assertThat(p.latitude()).isEqualTo(52.5163);
        assertThat(c.gnss()).isEmpty();
    }

    @Test
    void withoutAnyPositionConfiguredThereIsNone() {
        assertThat(start(Map.of()).position()).isEmpty();
    }

    @Test
    void aBadFixedPositionIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> start(Map.of("position_fixed", "91,0")))
                .hasMessageContaining("org.mviot.edge.position: position.fixed").hasMessageContaining("latitude 91.0");
    }

    @Test
    void aPortThatDoesNotExistIsReportedAsNoFixWithTheReason() {
        PositionComponent c = start(Map.of("nmea_port", dir.resolve("absent").toString()));
        c.bindSerialPorts(ports());

        assertThat(c.position()).isEmpty();
        assertThat(c.status()).contains("does not exist");
    }
}
