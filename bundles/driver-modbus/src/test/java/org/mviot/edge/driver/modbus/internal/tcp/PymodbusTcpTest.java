package org.mviot.edge.driver.modbus.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.modbus.internal.Fixtures.channel;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.driver.modbus.internal.Fixtures;
import org.mviot.edge.driver.modbus.internal.ModbusDevice;
import org.mviot.edge.driver.modbus.internal.ModbusDriver;
import org.mviot.edge.driver.modbus.internal.ModbusTransport;
import org.mviot.edge.driver.modbus.internal.config.ModbusDeviceConfig;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;

/** The TCP driver against pymodbus, a Modbus server nobody here wrote (see pymodbus_server.py for its data). */
class PymodbusTcpTest {

    private static final String[] ORDERS = {"ABCD", "CDAB", "BADC", "DCBA"};

    private int port;
    private PeerProcess server;
    private ModbusDriver driver;
    private final List<DeviceConnection> open = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        port = FreePorts.tcp();
        server = Fixtures.peer("pymodbus_server.py", "tcp", Integer.toString(port)).awaitListening(port);
        driver = new ModbusDriver(Fixtures.config(2000));
    }

    @AfterEach
    void stop() {
        open.forEach(DeviceConnection::close);
        driver.deactivate();
        server.close();
    }

    private DeviceConnection open(int unit, ChannelSpec... channels) throws Exception {
        return open(unit, new Fixtures.Recorder(), channels);
    }

    private DeviceConnection open(int unit, Fixtures.Recorder listener, ChannelSpec... channels) throws Exception {
        DeviceDescriptor d = descriptor(unit, channels);
        driver.validate(d);
        DeviceConnection c = driver.open(d, listener);
        open.add(c);
        return c;
    }

    private DeviceDescriptor descriptor(int unit, ChannelSpec... channels) {
        return new DeviceDescriptor("plc" + unit, "modbus", "", Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                "unit", Integer.toString(unit), "timeout", "2s"), List.of(channels));
    }

    /** A device whose transport notes the function code of every request it carries to the server. */
    private DeviceConnection openNotingFunctions(List<Integer> functions, Fixtures.Recorder listener, ChannelSpec... channels)
            throws Exception {
        TcpEndpoints endpoints = new TcpEndpoints(Duration.ofSeconds(2));
        ModbusTransport real = endpoints.acquire("127.0.0.1", port);
        ModbusTransport noting = new ModbusTransport() {
            @Override
            public byte[] request(int unit, byte[] pdu, Duration timeout) throws IOException, InterruptedException {
                functions.add(pdu[0] & 0xFF);
                return real.request(unit, pdu, timeout);
            }

            @Override
            public void broadcast(byte[] pdu, Duration timeout) throws IOException, InterruptedException {
                functions.add(pdu[0] & 0xFF);
                real.broadcast(pdu, timeout);
            }

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public void release() {
                real.release();
            }
        };
        DeviceConnection c = new ModbusDevice(ModbusDeviceConfig.of(descriptor(1, channels)), noting, listener);
        open.add(c);
        return c;
    }

    /**
     * The lines pymodbus_server.py printed for the writes that reached it, once it printed {@code last}: the server
     * prints writes in the order it takes them, so every write before {@code last} is in too.
     */
    private List<String> serverWritesThrough(String last) {
        server.awaitLine(Pattern.quote(last));
        return server.output().lines().filter(l -> l.startsWith("write ")).toList();
    }

    private static Map<String, Object> values(List<Reading> readings) {
        Map<String, Object> out = new HashMap<>();
        for (Reading r : readings) {
            assertThat(r.quality()).as(r.channel() + ": " + r.error()).isEqualTo(Quality.GOOD);
            out.put(r.channel(), r.value());
        }
        return out;
    }

    @Test
    void readsEveryTypeInEveryWordOrderAsPymodbusLaidThemOut() throws Exception {
        List<ChannelSpec> channels = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            String o = ORDERS[k];
            int base = 100 * k;
            channels.add(channel("int16_" + o, ChannelType.INTEGER, Access.READ, "table", "holding", "register", "" + base, "type", "int16", "order", o));
            channels.add(channel("uint16_" + o, ChannelType.INTEGER, Access.READ, "table", "holding", "register", "" + (base + 1), "type", "uint16", "order", o));
            channels.add(channel("int32_" + o, ChannelType.INTEGER, Access.READ, "table", "holding", "register", "" + (base + 2), "type", "int32", "order", o));
            channels.add(channel("uint32_" + o, ChannelType.INTEGER, Access.READ, "table", "holding", "register", "" + (base + 4), "type", "uint32", "order", o));
            channels.add(channel("int64_" + o, ChannelType.INTEGER, Access.READ, "table", "holding", "register", "" + (base + 6), "type", "int64", "order", o));
            channels.add(channel("float32_" + o, ChannelType.DOUBLE, Access.READ, "table", "holding", "register", "" + (base + 10), "type", "float32", "order", o));
            channels.add(channel("float64_" + o, ChannelType.DOUBLE, Access.READ, "table", "holding", "register", "" + (base + 12), "type", "float64", "order", o));
        }
        channels.add(channel("label", ChannelType.STRING, Access.READ, "table", "holding", "register", "20", "type", "string", "count", "4"));
        DeviceConnection c = open(1, channels.toArray(ChannelSpec[]::new));

        Map<String, Object> v = values(c.read(channels));

        for (String o : ORDERS) {
            assertThat(v.get("int16_" + o)).as(o).isEqualTo(-12345L);
            assertThat(v.get("uint16_" + o)).as(o).isEqualTo(54321L);
            assertThat(v.get("int32_" + o)).as(o).isEqualTo(-123456789L);
            assertThat(v.get("uint32_" + o)).as(o).isEqualTo(4000000000L);
            assertThat(v.get("int64_" + o)).as(o).isEqualTo(-1234567890123456789L);
            assertThat(v.get("float32_" + o)).as(o).isEqualTo(3.25);
            assertThat(v.get("float64_" + o)).as(o).isEqualTo(-1.5e10);
        }
        assertThat(v.get("label")).isEqualTo("pump-7");
    }

    @Test
    void readsCoilsDiscreteInputsAndInputRegisters() throws Exception {
        List<ChannelSpec> channels = List.of(
                channel("coil0", ChannelType.BOOLEAN, Access.READ, "table", "coil", "register", "0"),
                channel("coil1", ChannelType.BOOLEAN, Access.READ, "table", "coil", "register", "1"),
                channel("coil3", ChannelType.INTEGER, Access.READ, "table", "coil", "register", "3"),
                channel("di0", ChannelType.BOOLEAN, Access.READ, "table", "discrete", "register", "0"),
                channel("di1", ChannelType.BOOLEAN, Access.READ, "table", "discrete", "register", "1"),
                channel("ir2", ChannelType.INTEGER, Access.READ, "table", "input", "register", "2"));
        Map<String, Object> v = values(open(1, channels.toArray(ChannelSpec[]::new)).read(channels));
        assertThat(v).containsEntry("coil0", true).containsEntry("coil1", false).containsEntry("coil3", 1L)
                .containsEntry("di0", false).containsEntry("di1", true).containsEntry("ir2", 33L);
    }

    @Test
    void readsSeveralUnitIdsOverOneServer() throws Exception {
        ChannelSpec ir = channel("ir0", ChannelType.INTEGER, Access.READ, "table", "input", "register", "0");
        DeviceConnection unit1 = open(1, ir);
        DeviceConnection unit2 = open(2, ir);
        assertThat(values(unit1.read(List.of(ir)))).containsEntry("ir0", 11L);
        assertThat(values(unit2.read(List.of(ir)))).containsEntry("ir0", 211L);
    }

    @Test
    void writesCoilsAndRegistersAndReadsThemBack() throws Exception {
        List<ChannelSpec> channels = List.of(
                channel("valve", ChannelType.BOOLEAN, Access.READ_WRITE, "table", "coil", "register", "50"),
                channel("setpoint", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "500", "type", "uint16"),
                channel("total", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "502", "type", "int32", "order", "CDAB"),
                channel("gain", ChannelType.DOUBLE, Access.READ_WRITE, "table", "holding", "register", "504", "type", "float64", "order", "DCBA"),
                channel("name", ChannelType.STRING, Access.READ_WRITE, "table", "holding", "register", "510", "type", "string", "count", "4"));
        DeviceConnection c = open(1, channels.toArray(ChannelSpec[]::new));
        c.write(channels.get(0), true);
        c.write(channels.get(1), 40000L);
        c.write(channels.get(2), -70000L);
        c.write(channels.get(3), 0.125);
        c.write(channels.get(4), "tank-B");
        assertThat(values(c.read(channels))).containsEntry("valve", true).containsEntry("setpoint", 40000L)
                .containsEntry("total", -70000L).containsEntry("gain", 0.125).containsEntry("name", "tank-B");
    }

    @Test
    void writesWithFunction23AndReportsTheValueReadBackAsTheNewReading() throws Exception {
        ChannelSpec total = channel("total", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "600",
                "type", "int32", "order", "CDAB", "write", "read-back");
        List<Integer> functions = new CopyOnWriteArrayList<>();
        Fixtures.Recorder listener = new Fixtures.Recorder();
        DeviceConnection c = openNotingFunctions(functions, listener, total);

        c.write(total, -70000L);

        assertThat(functions).containsExactly(23);
        assertThat(listener.readings).containsExactly(Reading.good("total", -70000L));
        // -70000 = 0xFFFEEE90, low word first
        assertThat(serverWritesThrough("write unit=1 table=hr address=600 values=61072,65534"))
                .containsExactly("write unit=1 table=hr address=600 values=61072,65534");
        assertThat(values(c.read(List.of(total)))).containsEntry("total", -70000L);
    }

    @Test
    void readsBackAFloatWrittenWithFunction23AsTheFloatTheRegistersHold() throws Exception {
        ChannelSpec gain = channel("gain", ChannelType.DOUBLE, Access.READ_WRITE, "table", "holding", "register", "610",
                "type", "float32", "write", "read-back");
        Fixtures.Recorder listener = new Fixtures.Recorder();
        DeviceConnection c = open(1, listener, gain);

        c.write(gain, 0.1); // not a float32: the device holds 0.1f, and that is not a mismatch

        assertThat(listener.readings).containsExactly(Reading.good("gain", (double) 0.1f));
    }

    @Test
    void failsACommandWhoseValueTheDeviceClampedNamingWrittenAndHeldValues() throws Exception {
        ChannelSpec limit = channel("limit", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "900",
                "type", "uint16", "write", "read-back");
        Fixtures.Recorder listener = new Fixtures.Recorder();
        DeviceConnection c = open(1, listener, limit);

        assertThatThrownBy(() -> c.write(limit, 1500L)).isInstanceOf(DriverException.class)
                .hasMessage("device 'plc1' channel 'limit': wrote 1500 to holding register 900 but unit 1 holds 1000 afterwards"
                        + " (read back with function 23); the device clamped or refused the value, check its limits");

        assertThat(listener.readings).containsExactly(Reading.good("limit", 1000L));
        assertThat(serverWritesThrough("write unit=1 table=hr address=900 values=1500"))
                .containsExactly("write unit=1 table=hr address=900 values=1500");
        assertThat(values(c.read(List.of(limit)))).containsEntry("limit", 1000L);
    }

    @Test
    void failsAFunction23WriteOutsideTheServersRegistersNamingTheException() throws Exception {
        ChannelSpec far = channel("far", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "5000",
                "type", "int16", "write", "read-back");
        Fixtures.Recorder listener = new Fixtures.Recorder();
        DeviceConnection c = open(1, listener, far);

        assertThatThrownBy(() -> c.write(far, 7L)).isInstanceOf(DriverException.class)
                .hasMessage("device 'plc1' channel 'far': unit 1 answered ILLEGAL_DATA_ADDRESS (exception 2 to function 23)"
                        + " to the write with read-back of 7 to holding register 5000");

        assertThat(listener.readings).isEmpty();
        // a legal write after it: once the server printed that one, it would have printed the refused one before it
        ChannelSpec near = channel("near", ChannelType.INTEGER, Access.WRITE, "table", "holding", "register", "620", "type", "int16");
        open(1, near).write(near, 5L);
        assertThat(serverWritesThrough("write unit=1 table=hr address=620 values=5")).containsExactly("write unit=1 table=hr address=620 values=5");
    }

    @Test
    void refusesAWriteThatDoesNotFitTheRegisterNamingDeviceAndChannel() throws Exception {
        ChannelSpec sp = channel("setpoint", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "500", "type", "int16");
        DeviceConnection c = open(1, sp);
        assertThatThrownBy(() -> c.write(sp, 40000L)).isInstanceOf(DriverException.class)
                .hasMessageContaining("device 'plc1' channel 'setpoint'").hasMessageContaining("outside int16");
    }

    @Test
    void reconnectsWhenTheServerIsKilledAndRestarted() throws Exception {
        ChannelSpec ir = channel("ir0", ChannelType.INTEGER, Access.READ, "table", "input", "register", "0");
        DeviceConnection c = open(1, ir);
        assertThat(values(c.read(List.of(ir)))).containsEntry("ir0", 11L);

        server.close();
        assertThatThrownBy(() -> c.read(List.of(ir))).isInstanceOf(DriverException.class).hasMessageContaining("device 'plc1'");

        server = Fixtures.peer("pymodbus_server.py", "tcp", Integer.toString(port)).awaitListening(port);
        AtomicReference<Object> value = new AtomicReference<>();
        Await.until("a read after the restart", () -> {
            try {
                value.set(values(c.read(List.of(ir))).get("ir0"));
                return true;
            } catch (DriverException | InterruptedException e) {
                return false;
            }
        });
        assertThat(value.get()).isEqualTo(11L);
    }

    @Test
    void failsToOpenWhenNothingListensNamingTheEndpoint() throws Exception {
        server.close();
        DeviceDescriptor d = new DeviceDescriptor("plc9", "modbus", "", Map.of("host", "127.0.0.1", "port", Integer.toString(port)),
                List.of(channel("x", ChannelType.INTEGER, Access.READ, "table", "holding", "register", "0")));
        assertThatThrownBy(() -> driver.open(d, new Fixtures.Recorder())).isInstanceOf(DriverException.class)
                .hasMessageContaining("device 'plc9'").hasMessageContaining("cannot connect to modbus tcp 127.0.0.1:" + port);
    }
}
