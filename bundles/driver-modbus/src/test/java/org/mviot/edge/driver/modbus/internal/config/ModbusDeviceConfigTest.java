package org.mviot.edge.driver.modbus.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.SettingProblem;
import org.mviot.edge.driver.modbus.internal.codec.ValueType;
import org.mviot.edge.driver.modbus.internal.codec.WordOrder;

class ModbusDeviceConfigTest {

    private static ChannelSpec channel(String name, ChannelType type, Access access, Map<String, String> address) {
        return new ChannelSpec(name, type, "", access, access.readable() ? Acquisition.poll(Duration.ofSeconds(1)) : Acquisition.event(),
                Range.UNBOUNDED, address, "");
    }

    private static DeviceDescriptor device(Map<String, String> connection, ChannelSpec... channels) {
        return new DeviceDescriptor("plc1", "modbus", "", connection, List.of(channels));
    }

    private static final Map<String, String> TCP = Map.of("host", "127.0.0.1", "port", "1502", "unit", "3");

    @Test
    void readsATcpDeviceAndItsChannels() throws DriverException {
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device(TCP,
                channel("flow", ChannelType.DOUBLE, Access.READ, Map.of("table", "input", "register", "10", "type", "float32", "order", "CDAB")),
                channel("pump", ChannelType.BOOLEAN, Access.READ_WRITE, Map.of("table", "coil", "register", "0"))));
        assertThat(c.transport()).isEqualTo(ModbusDeviceConfig.Transport.TCP);
        assertThat(c.unit()).isEqualTo(3);
        assertThat(c.port()).isEqualTo(1502);
        assertThat(c.channel("flow")).extracting(ModbusChannel::table, ModbusChannel::address, ModbusChannel::type, ModbusChannel::order,
                ModbusChannel::count).containsExactly(Table.INPUT_REGISTER, 10, ValueType.FLOAT32, WordOrder.CDAB, 2);
        assertThat(c.channel("pump").type()).isEqualTo(ValueType.BIT);
    }

    @Test
    void namesDeviceChannelAndFieldOfAnImpossibleRegister() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(TCP,
                channel("level", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "70000")))))
                .isInstanceOf(DriverException.class)
                .hasMessage("device 'plc1': 1 wrong setting: channels.level.address.register: expected an integer 0..65535, got \"70000\"");
    }

    @Test
    void namesDeviceChannelAndFieldOfALengthOverTheLimit() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(TCP,
                channel("label", ChannelType.STRING, Access.READ, Map.of("table", "holding", "register", "0", "type", "string", "count", "130")))))
                .hasMessage("device 'plc1': 1 wrong setting: channels.label.address.count: 130 registers is over the limit of 125 per read");
    }

    @Test
    void namesDeviceChannelAndFieldOfATypeThatDoesNotFitTheCount() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(TCP,
                channel("energy", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "4", "type", "int32", "count", "1")))))
                .hasMessage("device 'plc1': 1 wrong setting: channels.energy.address.count: int32 takes 2 registers, not 1");
    }

    @Test
    void refusesARangeThatRunsPastTheLastAddress() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(TCP,
                channel("big", ChannelType.DOUBLE, Access.READ, Map.of("table", "holding", "register", "65534", "type", "float64")))))
                .hasMessageContaining("channels.big.address.register: 65534 + 4 runs past the last address 65535");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(Map.of("host", "h", "unit", "300"),
                channel("a", ChannelType.DOUBLE, Access.READ, Map.of("table", "tank", "register", "1")),
                channel("b", ChannelType.INTEGER, Access.READ_WRITE, Map.of("table", "input", "register", "1")),
                channel("c", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1", "type", "float32")))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(SettingProblem::toString).containsExactly(
                        "connection.unit: expected an integer 0..255, got \"300\"",
                        "channels.a.address.table: expected coil, discrete, input or holding, got \"tank\"",
                        "channels.b.access: input registers are read-only; only coils and holding registers can be written",
                        "channels.c.type: float32 is read as double, not integer"))
                .hasMessageStartingWith("device 'plc1': 4 wrong settings: connection.unit: ");
    }

    @Test
    void refusesATcpDeviceWithoutHostAndAnRtuDeviceWithoutPort() {
        ChannelSpec ch = channel("x", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1"));
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(Map.of(), ch))).hasMessageContaining("device 'plc1': 1 wrong setting: connection.host: missing");
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(Map.of("transport", "rtu"), ch)))
                .hasMessageContaining("device 'plc1': 1 wrong setting: connection.serialPort: missing");
    }

    @Test
    void readsRtuLineSettings() throws DriverException {
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device(Map.of("serialPort", "/dev/ttyUSB0", "baud", "19200", "parity", "even", "unit", "7"),
                channel("x", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1"))));
        assertThat(c.transport()).isEqualTo(ModbusDeviceConfig.Transport.RTU);
        assertThat(c.line()).hasToString("19200 8E1");
        assertThat(c.retries()).isEqualTo(2);
    }

    @Test
    void refusesUnknownKeysNamingThem() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(Map.of("host", "h", "speed", "9"),
                channel("x", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1", "reg", "2")))))
                .hasMessageContaining("device 'plc1': 2 wrong settings: connection.speed: unknown key (expected one of [")
                .hasMessageContaining("; channels.x.address.reg: unknown key (expected one of [bit, count, order, register, table, type, write])");
    }

    @Test
    void writesPlainlyUnlessTheChannelAsksForReadBack() throws DriverException {
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device(TCP,
                channel("plain", ChannelType.INTEGER, Access.READ_WRITE, Map.of("table", "holding", "register", "1")),
                channel("checked", ChannelType.INTEGER, Access.READ_WRITE, Map.of("table", "holding", "register", "2", "write", "Read_Back")),
                channel("coil", ChannelType.BOOLEAN, Access.READ_WRITE, Map.of("table", "coil", "register", "2", "write", "plain"))));
        assertThat(c.channel("plain").write()).isEqualTo(WriteMode.PLAIN);
        assertThat(c.channel("checked").write()).isEqualTo(WriteMode.READ_BACK);
        assertThat(c.channel("coil").write()).isEqualTo(WriteMode.PLAIN);
    }

    @Test
    void namesDeviceChannelAndFieldOfAnUnknownWriteMode() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(TCP,
                channel("sp", ChannelType.INTEGER, Access.READ_WRITE, Map.of("table", "holding", "register", "1", "write", "verify")))))
                .hasMessage("device 'plc1': 1 wrong setting: channels.sp.address.write: expected plain or read-back, got \"verify\"");
    }

    @Test
    void refusesReadBackOnAReadOnlyChannel() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(TCP,
                channel("sp", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1", "write", "read-back")))))
                .hasMessageStartingWith("device 'plc1': 1 wrong setting: channels.sp.address.write: read-back changes how the channel is written, and its access is read-only");
    }

    @Test
    void refusesReadBackOnACoil() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(TCP,
                channel("run", ChannelType.BOOLEAN, Access.READ_WRITE, Map.of("table", "coil", "register", "1", "write", "read-back")))))
                .hasMessage("device 'plc1': 1 wrong setting: channels.run.address.write: read-back (function 23) works on holding registers only, not on coils");
    }

    @Test
    void refusesReadBackOfMoreRegistersThanFunction23Writes() throws DriverException {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(TCP,
                channel("label", ChannelType.STRING, Access.READ_WRITE,
                        Map.of("table", "holding", "register", "0", "type", "string", "count", "122", "write", "read-back")))))
                .hasMessage("device 'plc1': 1 wrong setting: channels.label.address.count: 122 registers is over the limit of 121 per write with read-back (function 23)");
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device(TCP, channel("label", ChannelType.STRING, Access.READ_WRITE,
                Map.of("table", "holding", "register", "0", "type", "string", "count", "121", "write", "read-back"))));
        assertThat(c.channel("label").count()).isEqualTo(121);
    }

    @Test
    void refusesReadBackFromTheRtuBroadcastUnit() {
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(Map.of("serialPort", "/dev/ttyUSB0", "unit", "0"),
                channel("sp", ChannelType.INTEGER, Access.WRITE, Map.of("table", "holding", "register", "1", "write", "read-back")))))
                .hasMessage("device 'plc1': 1 wrong setting: channels.sp.address.write: read-back needs an answer, and unit 0 on RTU is broadcast, which no unit"
                        + " answers; use the device's own unit id or \"write\": \"plain\"");
    }

    @Test
    void acceptsReadBackFromUnit0OverTcpWhereItIsAnOrdinaryUnit() throws DriverException {
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device(Map.of("host", "127.0.0.1", "unit", "0"),
                channel("sp", ChannelType.INTEGER, Access.WRITE, Map.of("table", "holding", "register", "1", "write", "read-back"))));
        assertThat(c.channel("sp").write()).isEqualTo(WriteMode.READ_BACK);
    }

    @Test
    void readsTimeoutsInTheCoresDurationGrammar() throws DriverException {
        ChannelSpec ch = channel("x", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1"));
        assertThat(ModbusDeviceConfig.of(device(Map.of("host", "h", "timeout", "1.5s"), ch)).timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ModbusDeviceConfig.of(device(Map.of("host", "h", "timeout", "250"), ch)).timeout()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(Map.of("host", "h", "timeout", "2m"), ch)))
                .hasMessage("device 'plc1': 1 wrong setting: connection.timeout: expected a duration from 1ms to 1m, got \"2m\"");
        assertThatThrownBy(() -> ModbusDeviceConfig.of(device(Map.of("host", "h", "timeout", "soon"), ch)))
                .hasMessageStartingWith("device 'plc1': 1 wrong setting: connection.timeout: expected a duration like 250ms, 1.5s");
    }

    @Test
    void keepsTimeoutAndTriesThatFitInTheCoresReadDeadline() throws DriverException {
        ChannelSpec ch = channel("x", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1"));
        List<String> warnings = new ArrayList<>();
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device(Map.of("host", "h", "timeout", "400ms", "retries", "2"), ch));
        assertThat(c.within(Duration.ofSeconds(2), warnings::add)).isSameAs(c);
        assertThat(warnings).isEmpty();
    }

    @Test
    void shortensTheDefaultTimeoutToFitTheCoresReadDeadline() throws DriverException {
        ChannelSpec ch = channel("x", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1"));
        List<String> warnings = new ArrayList<>();
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device(Map.of("serialPort", "/dev/ttyUSB0"), ch)).within(Duration.ofSeconds(2), warnings::add);
        assertThat(c.retries()).isEqualTo(2);
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(633)); // (2 s less 100 ms on the wire) / 3 tries
        assertThat(warnings).isEmpty();
    }

    @Test
    void cutsTheTriesOfAGivenTimeoutThatDoesNotFitAndSaysSo() throws DriverException {
        ChannelSpec ch = channel("x", ChannelType.INTEGER, Access.READ, Map.of("table", "holding", "register", "1"));
        List<String> warnings = new ArrayList<>();
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device(Map.of("host", "h", "timeout", "1s", "retries", "3"), ch))
                .within(Duration.ofSeconds(2), warnings::add);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.retries()).isZero();
        assertThat(warnings).containsExactly("device 'plc1': connection.timeout 1s × 4 tries (retries 3) does not fit in the core's read"
                + " deadline of 2s (core setting read.timeout.ms); making 1 try so that a silent unit fails with its own reason;"
                + " lower connection.timeout or connection.retries, or raise the core's read.timeout.ms");
    }
}
