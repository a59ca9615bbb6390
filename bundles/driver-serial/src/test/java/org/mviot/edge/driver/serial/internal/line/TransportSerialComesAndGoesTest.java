package org.mviot.edge.driver.serial.internal.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.driver.serial.internal.DriverOnPseudoTerminal;
import org.mviot.edge.driver.serial.internal.RecordingListener;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.driver.serial.internal.transport.SerialService;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.transport.serial.testing.TestSerialPorts;

/**
 * transport-serial updated or uninstalled while a serial line device is open: DS unbinds its service
 * from the driver (a dynamic reference, the driver stays), the device reports itself offline naming
 * transport-serial, and reads from its port again once a new service is bound.
 */
class TransportSerialComesAndGoesTest {

    private static final ChannelSpec WEIGHT = new ChannelSpec("weight", ChannelType.DOUBLE, "", Access.READ, Acquisition.event(),
            Range.UNBOUNDED, Map.of("column", "0"), "");
    private static final ChannelSpec COUNT = new ChannelSpec("count", ChannelType.INTEGER, "", Access.READ,
            Acquisition.poll(Duration.ofSeconds(1)), Range.UNBOUNDED, Map.of("column", "1"), "");
    private static final ChannelSpec TARE = new ChannelSpec("tare", ChannelType.INTEGER, "", Access.WRITE, Acquisition.event(),
            Range.UNBOUNDED, Map.of("command", "TARE {value}\\n"), "");

    @RegisterExtension
    final DriverOnPseudoTerminal line = new DriverOnPseudoTerminal();
    private final RecordingListener listener = new RecordingListener();
    private final List<Reading> readings = listener.readings;
    private final List<DeviceStatus> statuses = listener.statuses;

    private DeviceDescriptor scale(String id) {
        return new DeviceDescriptor(id, "serial", "", Map.of("serialPort", line.pty().a().toString()), List.of(WEIGHT, COUNT, TARE));
    }

    private void send(String text) throws Exception {
        try (OutputStream peer = new FileOutputStream(line.pty().b().toFile())) {
            peer.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private void awaitWeight(double value) {
        Await.until("weight " + value, () -> readings.stream().anyMatch(r -> r.channel().equals("weight")
                && Double.valueOf(value).equals(r.value())), Duration.ofSeconds(10), () -> "");
    }

    private static Reading count(DeviceConnection c) {
        try {
            return c.read(List.of(COUNT)).get(0);
        } catch (DriverException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLineDeviceGoesOfflineNamingTransportSerialWhileItIsAwayAndReadsAgainFromTheNextService() throws Exception {
        try (DeviceConnection c = line.driver().open(scale("scale"), listener)) {
            c.subscribe(List.of(WEIGHT));
            send("1.5,7\n");
            awaitWeight(1.5);
            Await.until("a count", () -> count(c).quality() == Quality.GOOD, Duration.ofSeconds(10), () -> "");

            // transport-serial updated or uninstalled: DS unbinds its service, which then closes every port as it stops
            line.driver().unbindSerialPorts(line.ports());
            line.ports().close();

            assertThat(statuses).last().satisfies(s -> {
                assertThat(s.state()).isEqualTo(DeviceStatus.State.OFFLINE);
                assertThat(s.reason()).isEqualTo("serial port " + line.pty().a() + " lost: " + SerialService.ABSENT);
            });
            assertThat(c.read(List.of(COUNT))).singleElement().satisfies(r -> {
                assertThat(r.quality()).isEqualTo(Quality.BAD);
                assertThat(r.error()).contains("transport-serial");
            });
            assertThatThrownBy(() -> c.write(TARE, 1L)).isInstanceOf(DriverException.class).hasMessageContaining("transport-serial");
            assertThatThrownBy(() -> line.driver().open(scale("second"), listener)).isInstanceOf(DriverException.class)
                    .hasMessage("device 'second': " + SerialService.ABSENT);

            // and back: the same open device takes a handle from the new service and reads again
            line.bindNewPorts();
            Await.until("the device online again", () -> statuses.get(statuses.size() - 1).state() == DeviceStatus.State.ONLINE, Duration.ofSeconds(10), () -> "");
            send("2.5,8\n");
            awaitWeight(2.5);
            Await.until("count 8", () -> Long.valueOf(8).equals(count(c).value()), Duration.ofSeconds(10), () -> "");
            assertThat(statuses).extracting(DeviceStatus::state).as("one offline report while away, one online when back")
                    .containsExactly(DeviceStatus.State.OFFLINE, DeviceStatus.State.ONLINE);
        }
    }

    @Test
    void aLineDeviceMovesToAServiceThatReplacesTheOldOneBeforeItLeaves() throws Exception {
        try (DeviceConnection c = line.driver().open(scale("scale"), listener)) {
            c.subscribe(List.of(WEIGHT));
            send("1.5,7\n");
            awaitWeight(1.5);

            // a greedy dynamic reference binds a second service before the first one leaves
            TestSerialPorts first = line.bindNewPorts();
            line.driver().unbindSerialPorts(first);
            first.close();

            Await.until("a value read through the second service", () -> {
                try {
                    send("2.5,8\n");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return readings.stream().anyMatch(r -> Double.valueOf(2.5).equals(r.value()));
            }, Duration.ofSeconds(20), () -> "");
            // the port is open once per service (exclusively), so the device changes handles when the first service leaves:
            // it may be offline for a moment (then it reports itself back online), or move without a gap (then it reports
            // nothing: the value read through the second service above is the proof)
            Await.until("the device online on the second service", () -> statuses.isEmpty()
                    || statuses.get(statuses.size() - 1).state() == DeviceStatus.State.ONLINE, Duration.ofSeconds(45), statuses::toString);
            if (!statuses.isEmpty()) {
                assertThat(statuses).last().satisfies(s -> {
                    assertThat(s.state()).isEqualTo(DeviceStatus.State.ONLINE);
                    assertThat(s.reason()).isEqualTo("serial port " + line.pty().a() + " is back");
                });
            }
        }
    }
}
