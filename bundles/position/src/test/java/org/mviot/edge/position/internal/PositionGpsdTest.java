package org.mviot.edge.position.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.testsupport.ComponentConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.position.Position;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;
import org.mviot.edge.testsupport.PtyPair;

/** The component as a client of a real gpsd (Debian 3.22) reading a socat pseudo-terminal fed with current-dated NMEA. */
class PositionGpsdTest {

    @TempDir
    Path dir;
    private PositionComponent component;

    @AfterEach
    void stop() {
        if (component != null) {
            component.deactivate();
        }
    }

    private static PeerProcess gpsd(int port, Path device, Path dir) throws Exception {
        // -N foreground, -n poll the device without waiting for a client, -b read-only (no probing writes), -S its port on 127.0.0.1
        return PeerProcess.start("gpsd", List.of("gpsd", "-N", "-n", "-b", "-S", String.valueOf(port), "-P", dir.resolve("gpsd.pid").toString(),
                device.toString())).awaitListening(port);
    }

    @Test
    void getsTheFixFromGpsdLosesItWhenTheFeedSaysNoFixAndReconnectsAfterGpsdRestarts() throws Exception {
        int port = FreePorts.tcp();
        try (PtyPair pty = PtyPair.start(dir.resolve("gnss"), dir.resolve("receiver"));
             NmeaFeed feed = new NmeaFeed(pty.b(), NmeaFeed.Mode.FIX)) {
            PositionComponent c;
            try (PeerProcess gpsd = gpsd(port, pty.a(), dir)) {
                component = new PositionComponent(ComponentConfigs.of(PositionConfig.class,
                        new HashMap<>(Map.of("gpsd_host", "127.0.0.1", "gpsd_port", port, "fix_timeout_s", 10))));
                c = component;

                Position p = Await.value("a position from gpsd", c::position);
                assertThat(p.source()).isEqualTo(Position.Source.GNSS);
                assertThat(p.latitude()).isCloseTo(48.1173, within(1e-6));
                assertThat(p.longitude()).isCloseTo(11.516667, within(1e-6));
                assertThat(p.accuracy()).isPositive();

                feed.mode(NmeaFeed.Mode.NO_FIX);
                Await.until("the position to be gone once gpsd reports no fix", () -> c.position().isEmpty(), c::status);
                assertThat(c.gnss().get(0).reason()).contains("gpsd reports no fix");
            }

            Await.until("the loss of gpsd to be noticed", () -> c.gnss().get(0).reason().contains("gpsd connection lost"), c::status);
            feed.mode(NmeaFeed.Mode.FIX);
            try (PeerProcess gpsd = gpsd(port, pty.a(), dir)) {
                Await.value("a position again once gpsd is back", c::position);
                assertThat(c.status()).contains("connected");
            }
        }
    }
}
