package org.mviot.edge.driver.serial.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.SettingProblem;

/** Value types, checksums, validation and write commands of the binary frame format. */
class FrameFormatTest {

    private static final byte[] BYTES = HexFormat.of().parseHex("FEDCBA9876543210");

    private static byte[] hex(String h) {
        return HexFormat.ofDelimiter(" ").parseHex(h);
    }

    @Test
    void decodesEveryIntegerTypeInBothByteOrders() {
        assertThat(BinaryType.UINT8.decode(BYTES, 0, false)).isEqualTo(254L);
        assertThat(BinaryType.INT8.decode(BYTES, 0, true)).isEqualTo(-2L);
        assertThat(BinaryType.UINT16.decode(BYTES, 0, false)).isEqualTo(0xFEDCL);
        assertThat(BinaryType.UINT16.decode(BYTES, 0, true)).isEqualTo(0xDCFEL);
        assertThat(BinaryType.INT16.decode(BYTES, 0, false)).isEqualTo(0xFEDCL - 0x10000);
        assertThat(BinaryType.INT16.decode(BYTES, 0, true)).isEqualTo(0xDCFEL - 0x10000);
        assertThat(BinaryType.UINT32.decode(BYTES, 0, false)).isEqualTo(0xFEDCBA98L);
        assertThat(BinaryType.UINT32.decode(BYTES, 0, true)).isEqualTo(0x98BADCFEL);
        assertThat(BinaryType.INT32.decode(BYTES, 0, false)).isEqualTo((long) 0xFEDCBA98);
        assertThat(BinaryType.INT32.decode(BYTES, 0, true)).isEqualTo((long) 0x98BADCFE);
        assertThat(BinaryType.UINT16.decode(BYTES, 4, false)).isEqualTo(0x7654L);
    }

    @Test
    void decodesFloatsInBothByteOrders() {
        assertThat(BinaryType.FLOAT32.decode(hex("43 66 80 00"), 0, false)).isEqualTo(230.5);
        assertThat(BinaryType.FLOAT32.decode(hex("00 80 66 43"), 0, true)).isEqualTo(230.5);
        assertThat(BinaryType.FLOAT64.decode(hex("3F F8 00 00 00 00 00 00"), 0, false)).isEqualTo(1.5);
        assertThat(BinaryType.FLOAT64.decode(hex("00 00 00 00 00 00 F8 3F"), 0, true)).isEqualTo(1.5);
    }

    @Test
    void encodesWhatItDecodesAndRefusesValuesThatDoNotFit() {
        for (BinaryType t : BinaryType.values()) {
            for (boolean little : new boolean[] {false, true}) {
                Object v = t.decode(BYTES, 0, little);
                assertThat(t.encode(v, little)).as(t + " little=" + little).containsExactly(Arrays.copyOf(BYTES, t.size()));
            }
        }
        assertThat(BinaryType.INT16.encode(300L, true)).containsExactly(0x2C, 0x01);
        assertThat(BinaryType.UINT8.encode(true, false)).containsExactly(1);
        assertThat(BinaryType.UINT16.encode(12.0, false)).containsExactly(0, 12);
        assertThatThrownBy(() -> BinaryType.UINT16.encode(70000L, false)).hasMessage("70000 is outside uint16 (0..65535)");
        assertThatThrownBy(() -> BinaryType.UINT8.encode(-1L, false)).hasMessage("-1 is outside uint8 (0..255)");
        assertThatThrownBy(() -> BinaryType.INT8.encode(21.5, false)).hasMessage("21.5 is not a whole number, which int8 needs");
        assertThatThrownBy(() -> BinaryType.FLOAT32.encode(1e300, false)).hasMessage("1.0E300 is outside float32");
        assertThatThrownBy(() -> BinaryType.INT32.encode("x", false)).hasMessage("'x' is not a number");
    }

    @Test
    void computesTheStandardCheckValues() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Checksum.CRC16_MODBUS.compute(check, 0, check.length)).isEqualTo(0x4B37);
        assertThat(Frames.crc16(check, check.length)).isEqualTo(0x4B37);
        byte[] modbus = hex("01 03 00 00 00 01 84 0A");
        assertThat(Checksum.CRC16_MODBUS.compute(modbus, 0, 6)).isEqualTo(Checksum.CRC16_MODBUS.stored(modbus, 6));
        assertThat(Checksum.SUM8.compute(hex("FF 02 03"), 0, 3)).isEqualTo(0x04);
        assertThat(Checksum.XOR8.compute(hex("01 02 04 08"), 0, 4)).isEqualTo(0x0F);
        assertThat(Checksum.parse("CRC16_MODBUS")).isEqualTo(Checksum.CRC16_MODBUS);
        assertThat(Checksum.parse("crc32")).isNull();
    }

    @Test
    void checksTheChecksumFromTheGivenByte() throws Exception {
        Map<String, String> c = new LinkedHashMap<>(Map.of("serialPort", "/dev/null", "format", "binary", "frameLength", "5",
                "sync", "02", "checksum", "xor8", "checksumFrom", "1"));
        FrameFormat f = FrameFormat.of(new DeviceDescriptor("d", "serial", "", c,
                List.of(Frames.channel("v", ChannelType.INTEGER, Access.READ, "offset", "1", "type", "uint16"))));
        byte[] good = hex("02 12 34 00 26");  // 12 ^ 34 ^ 00 = 26, the sync byte not included
        assertThat(f.checksumProblem(good, 0)).isNull();
        assertThat(f.values(good, 0)).containsEntry("v", 0x1234L);
        assertThat(f.checksumProblem(hex("02 12 34 00 24"), 0)).isEqualTo("xor8 is 0x24, computed 0x26");
    }

    @Test
    void readsBitsAsBooleansOrZeroOneAndWholeValuesOfBooleans() throws Exception {
        FrameFormat f = FrameFormat.of(new DeviceDescriptor("d", "serial", "", Map.of("serialPort", "/dev/null", "format", "binary",
                "frameLength", "3"), List.of(
                Frames.channel("b3", ChannelType.BOOLEAN, Access.READ, "offset", "0", "bit", "3"),
                Frames.channel("b0", ChannelType.BOOLEAN, Access.READ, "offset", "0", "bit", "0"),
                Frames.channel("i9", ChannelType.INTEGER, Access.READ, "offset", "1", "type", "uint16", "bit", "9"),
                Frames.channel("nonzero", ChannelType.BOOLEAN, Access.READ, "offset", "2"),
                Frames.channel("wide", ChannelType.DOUBLE, Access.READ, "offset", "1", "type", "int16"))));
        assertThat(f.values(hex("08 02 00"), 0)).containsEntry("b3", true).containsEntry("b0", false).containsEntry("i9", 1L)
                .containsEntry("nonzero", false).containsEntry("wide", 512.0);
    }

    @Test
    void refusesANotANumberFloat() throws Exception {
        FrameFormat f = FrameFormat.of(new DeviceDescriptor("d", "serial", "", Map.of("serialPort", "/dev/null", "format", "binary",
                "frameLength", "4"), List.of(Frames.channel("p", ChannelType.DOUBLE, Access.READ, "offset", "0", "type", "float32"))));
        assertThatThrownBy(() -> f.values(hex("7F C0 00 00"), 0)).hasMessage("channel 'p': float32 at byte 0 is NaN");
    }

    @Test
    void buildsTheCommandWithTheValueInTheChannelsTypeAndOrder() throws Exception {
        FrameFormat f = FrameFormat.of(new DeviceDescriptor("d", "serial", "", Map.of("serialPort", "/dev/null", "format", "binary",
                "frameLength", "16"), List.of(
                Frames.channel("sp", ChannelType.INTEGER, Access.WRITE, "type", "int16", "order", "little", "command", "02 57 {value} 03"),
                Frames.channel("f", ChannelType.DOUBLE, Access.WRITE, "type", "float32", "command", "AA{value}{value}"),
                Frames.channel("reset", ChannelType.BOOLEAN, Access.WRITE, "command", "1B 52"))));
        assertThat(FrameFormat.command(f.channels().get(0), 300L)).containsExactly(hex("02 57 2C 01 03"));
        assertThat(FrameFormat.command(f.channels().get(1), 230.5)).containsExactly(hex("AA 43 66 80 00 43 66 80 00"));
        assertThat(FrameFormat.command(f.channels().get(2), true)).containsExactly(hex("1B 52"));
        assertThatThrownBy(() -> FrameFormat.command(f.channels().get(0), 40000L)).hasMessage("40000 is outside int16 (-32768..32767)");
    }

    @Test
    void namesDeviceChannelAndFieldOfEveryMistake() {
        Map<String, String> c = new LinkedHashMap<>(Map.of("format", "binary", "frameLength", "8", "sync", "AA 5", "checksum", "crc32",
                "delimiter", "\\n"));
        List<ChannelSpec> channels = List.of(
                Frames.channel("a", ChannelType.INTEGER, Access.READ, "offset", "6", "type", "uint32"),
                Frames.channel("b", ChannelType.INTEGER, Access.READ, "offset", "1", "type", "float32"),
                Frames.channel("c", ChannelType.INTEGER, Access.READ, "type", "int24", "order", "middle"),
                Frames.channel("d", ChannelType.STRING, Access.READ, "offset", "1"),
                Frames.channel("e", ChannelType.INTEGER, Access.READ, "offset", "1", "type", "uint8", "bit", "8", "column", "2"),
                Frames.channel("f", ChannelType.INTEGER, Access.WRITE, "type", "uint8", "command", "02 {value} XZ"),
                Frames.channel("g", ChannelType.DOUBLE, Access.READ, "offset", "1"));
        assertThatThrownBy(() -> FrameFormat.of(new DeviceDescriptor("box", "serial", "", c, channels)))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(SettingProblem::toString).containsExactly(
                        "connection.delimiter: unknown key (expected one of [baud, checksum, checksumFrom, dataBits, flowControl, format,"
                                + " frameLength, parity, serialPort, stopBits, sync])",
                        "connection.serialPort: missing; expected the serial port of the device, e.g. /dev/ttyUSB0",
                        "connection.sync: expected hex bytes (e.g. \"AA 55\"), got \"AA 5\"",
                        "connection.checksum: expected none, sum8, xor8 or crc16-modbus, got \"crc32\"",
                        "channels.a.address.offset: uint32 at bytes 6..9 does not fit in the frame's 8 bytes",
                        "channels.b.address.type: float32 needs a double channel, not integer",
                        "channels.c.address.type: expected one of uint8, int8, uint16, int16, uint32, int32, float32, float64, got \"int24\"",
                        "channels.c.address.order: expected one of big, little, got \"middle\"",
                        "channels.c.address.offset: missing; give the value's first byte in the frame, counted from 0 (sync bytes included)",
                        "channels.d.type: binary frames carry numbers; a string channel cannot be read or written (use integer, double or boolean)",
                        "channels.e.address.column: unknown key (expected one of [bit, command, offset, order, type])",
                        "channels.e.address.bit: expected an integer 0..7, got \"8\"",
                        "channels.f.address.command: expected hex bytes with {value} where the value goes (e.g. \"02 53 {value} 03\"), got"
                                + " \"02 {value} XZ\"",
                        "channels.g.address.type: missing; give how the value is stored (uint8, int8, uint16, int16, uint32, int32, float32, float64)"))
                .hasMessageStartingWith("device 'box': 14 wrong settings: connection.delimiter: unknown key");
    }

    @Test
    void refusesAFrameWithoutRoomForDataAndAChannelOverTheChecksum() {
        assertThatThrownBy(() -> FrameFormat.of(new DeviceDescriptor("box", "serial", "", Map.of("serialPort", "/dev/null",
                "format", "binary", "frameLength", "3", "sync", "AA", "checksum", "crc16-modbus"), List.of())))
                .hasMessage("device 'box': 1 wrong setting: connection.frameLength: 3 leaves no room for data after 1 sync byte(s) and 2 checksum byte(s)");
        assertThatThrownBy(() -> FrameFormat.of(new DeviceDescriptor("box", "serial", "", Map.of("serialPort", "/dev/null",
                "format", "binary", "frameLength", "6", "checksum", "sum8"),
                List.of(Frames.channel("v", ChannelType.INTEGER, Access.READ, "offset", "4", "type", "uint16")))))
                .hasMessage("device 'box': 1 wrong setting: channels.v.address.offset: uint16 at bytes 4..5 does not fit in the frame's 6 bytes before the 1 checksum byte(s)");
        assertThatThrownBy(() -> FrameFormat.of(new DeviceDescriptor("box", "serial", "", Map.of("serialPort", "/dev/null",
                "format", "binary"), List.of())))
                .hasMessageStartingWith("device 'box': 1 wrong setting: connection.frameLength: missing");
    }
}
