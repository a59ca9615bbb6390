package org.mviot.edge.driver.modbus.internal.rtu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.modbus.internal.Fixtures.channel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.driver.modbus.internal.Fixtures;
import org.mviot.edge.driver.modbus.internal.ModbusDriver;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.PeerProcess;
import org.mviot.edge.testsupport.PtyPair;
import org.mviot.edge.transport.serial.testing.TestSerialPorts;

/**
 * Modbus RTU through transport-serial's jssc port service, over a socat pseudo-terminal pair, against a
 * pymodbus serial server (units 1 and 2 on one bus).
 */
class PymodbusRtuTest {

    @TempDir
    Path dir;
    private PtyPair bus;
    private PeerProcess server;
    private TestSerialPorts ports;
    private ModbusDriver driver;
    private final List<DeviceConnection> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bus = PtyPair.start(dir);
        server = Fixtures.peer("pymodbus_server.py", "rtu", bus.b().toString());
        ports = TestSerialPorts.start(100);
        driver = new ModbusDriver(Fixtures.config(2000));
        driver.bindSerialPorts(ports);
    }

    @AfterEach
    void stop() throws Exception {
        open.forEach(DeviceConnection::close);
        driver.deactivate();
        ports.close();
        server.close();
        bus.close();
    }

    private DeviceConnection open(int unit, ChannelSpec... channels) throws Exception {
        return open(unit, new Fixtures.Recorder(), channels);
    }

    private DeviceConnection open(int unit, Fixtures.Recorder listener, ChannelSpec... channels) throws Exception {
        DeviceDescriptor d = new DeviceDescriptor("rtu" + unit, "modbus", "", Map.of("serialPort", bus.a().toString(),
                "baud", "19200", "unit", Integer.toString(unit), "timeout", "1000ms", "retries", "3"), List.of(channels));
        driver.validate(d);
        DeviceConnection c = driver.open(d, listener);
        open.add(c);
        return c;
    }

    private static Map<String, Object> values(List<Reading> readings) {
        Map<String, Object> out = new HashMap<>();
        for (Reading r : readings) {
            assertThat(r.quality()).as(r.channel() + ": " + r.error()).isEqualTo(Quality.GOOD);
            out.put(r.channel(), r.value());
        }
        return out;
    }

    /** The pymodbus server opens its side a moment after it starts; the first reads may go unanswered. */
    private Map<String, Object> firstRead(DeviceConnection c, List<ChannelSpec> channels) {
        Map<String, Object>[] got = new Map[1];
        Await.until("the RTU server to answer", () -> {
            try {
                got[0] = values(c.read(channels));
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        return got[0];
    }

    @Test
    void readsTypesAndOrdersFromSeveralUnitsOnOneBus() throws Exception {
        List<ChannelSpec> channels = List.of(
                channel("ir0", ChannelType.INTEGER, Access.READ, "table", "input", "register", "0"),
                channel("f32", ChannelType.DOUBLE, Access.READ, "table", "holding", "register", "110", "type", "float32", "order", "CDAB"),
                channel("i64", ChannelType.INTEGER, Access.READ, "table", "holding", "register", "306", "type", "int64", "order", "DCBA"),
                channel("coil0", ChannelType.BOOLEAN, Access.READ, "table", "coil", "register", "0"));
        DeviceConnection unit1 = open(1, channels.toArray(ChannelSpec[]::new));
        DeviceConnection unit2 = open(2, channels.toArray(ChannelSpec[]::new));

        assertThat(firstRead(unit1, channels)).containsEntry("ir0", 11L).containsEntry("f32", 3.25)
                .containsEntry("i64", -1234567890123456789L).containsEntry("coil0", true);
        assertThat(values(unit2.read(channels))).containsEntry("ir0", 211L);
    }

    @Test
    void writesToOneUnitAndBroadcastsToAll() throws Exception {
        ChannelSpec sp = channel("sp", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "600", "type", "int32");
        DeviceConnection unit1 = open(1, sp);
        DeviceConnection unit2 = open(2, sp);
        DeviceConnection all = open(0, channel("sp", ChannelType.INTEGER, Access.WRITE, "table", "holding", "register", "600", "type", "int32"));
        firstRead(unit1, List.of(sp));

        unit1.write(sp, 123456L);
        assertThat(values(unit1.read(List.of(sp)))).containsEntry("sp", 123456L);
        assertThat(values(unit2.read(List.of(sp)))).containsEntry("sp", 0L);

        all.write(sp, -5L);
        assertThat(values(unit1.read(List.of(sp)))).containsEntry("sp", -5L);
        assertThat(values(unit2.read(List.of(sp)))).containsEntry("sp", -5L);
    }

    @Test
    void writesWithFunction23OverRtuAndReportsTheValueReadBack() throws Exception {
        ChannelSpec sp = channel("sp", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "620", "type", "int32",
                "write", "read-back");
        Fixtures.Recorder listener = new Fixtures.Recorder();
        DeviceConnection unit2 = open(2, listener, sp);
        firstRead(unit2, List.of(sp));

        unit2.write(sp, 123456L);

        assertThat(listener.readings).containsExactly(Reading.good("sp", 123456L));
        assertThat(values(unit2.read(List.of(sp)))).containsEntry("sp", 123456L);
    }

    @Test
    void anRtuDeviceStaysOpenWhileTransportSerialIsAwayReportsItOfflineAndReadsAgainFromTheNextService() throws Exception {
        ChannelSpec ir0 = channel("ir0", ChannelType.INTEGER, Access.READ, "table", "input", "register", "0");
        ChannelSpec sp = channel("sp", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "600");
        Fixtures.Recorder listener = new Fixtures.Recorder();
        DeviceConnection unit1 = open(1, listener, ir0, sp);
        assertThat(firstRead(unit1, List.of(ir0))).containsEntry("ir0", 11L);

        // transport-serial updated or uninstalled: DS unbinds its service, which closes every port as it stops
        driver.unbindSerialPorts(ports);
        ports.close();
        List<Reading> away = unit1.read(List.of(ir0));
        assertThat(away).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).isEqualTo("device 'rtu1': " + SerialTransport.ABSENT);
        });
        assertThat(listener.last().state()).isEqualTo(DeviceStatus.State.OFFLINE);
        assertThat(listener.last().reason()).contains("transport-serial");
        assertThatThrownBy(() -> unit1.write(sp, 1L))
                .isInstanceOf(DriverException.class).hasMessageContaining("transport-serial");
        assertThatThrownBy(() -> open(2, ir0)).isInstanceOf(DriverException.class)
                .hasMessage("device 'rtu2': " + SerialTransport.ABSENT);

        // and back: the same open device takes a handle from the new service on its next read
        ports = TestSerialPorts.start(100);
        driver.bindSerialPorts(ports);
        assertThat(firstRead(unit1, List.of(ir0))).containsEntry("ir0", 11L);
        assertThat(listener.statuses).as("one offline report while away, nothing else from the driver").hasSize(1);
    }
}
