package org.mviot.edge.driver.serial.internal.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;

/**
 * The test instrument's frame, built independently of the driver's decoder with {@link ByteBuffer}:
 * 16 bytes, {@code AA 55}, seq (uint8), temperature (int16 little-endian), counter (uint32
 * big-endian), pressure (float32 big-endian), flags (uint8, bit 2 = alarm), CRC-16/Modbus over bytes
 * 0..13, low byte first.
 */
final class Frames {

    static final int LENGTH = 16;

    private Frames() {
    }

    static byte[] frame(int seq, int temperature, long counter, float pressure, int flags) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put((byte) 0xAA).put((byte) 0x55).put((byte) seq);
        b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) temperature);
        b.order(ByteOrder.BIG_ENDIAN).putInt((int) counter).putFloat(pressure).put((byte) flags);
        int crc = crc16(b.array(), 14);
        b.put((byte) crc).put((byte) (crc >>> 8));
        return b.array();
    }

    /** A bitwise CRC-16/Modbus written apart from the driver's, checked against the standard check value in the tests. */
    static int crc16(byte[] data, int length) {
        int crc = 0xFFFF;
        for (int i = 0; i < length; i++) {
            crc ^= data[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                boolean lsb = (crc & 1) == 1;
                crc >>>= 1;
                if (lsb) {
                    crc ^= 0xA001;
                }
            }
        }
        return crc;
    }

    static byte[] corrupt(byte[] frame) {
        byte[] f = frame.clone();
        f[f.length - 1] ^= 0x01;
        return f;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    static Map<String, String> connection() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("format", "binary");
        c.put("frameLength", "16");
        c.put("sync", "AA 55");
        c.put("checksum", "crc16-modbus");
        return c;
    }

    static ChannelSpec channel(String name, ChannelType type, Access access, String... address) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < address.length; i += 2) {
            a.put(address[i], address[i + 1]);
        }
        return new ChannelSpec(name, type, "", access, Acquisition.event(), Range.UNBOUNDED, a, "");
    }

    static ChannelSpec polled(String name, ChannelType type, String... address) {
        ChannelSpec c = channel(name, type, Access.READ, address);
        return new ChannelSpec(c.name(), c.type(), "", Access.READ, Acquisition.poll(Duration.ofSeconds(1)), Range.UNBOUNDED, c.address(), "");
    }

    static List<ChannelSpec> channels() {
        return List.of(
                channel("seq", ChannelType.INTEGER, Access.READ, "offset", "2", "type", "uint8"),
                channel("temperature", ChannelType.DOUBLE, Access.READ, "offset", "3", "type", "int16", "order", "little"),
                channel("counter", ChannelType.INTEGER, Access.READ, "offset", "5", "type", "uint32", "order", "big"),
                channel("pressure", ChannelType.DOUBLE, Access.READ, "offset", "9", "type", "float32"),
                channel("alarm", ChannelType.BOOLEAN, Access.READ, "offset", "13", "bit", "2"),
                channel("setpoint", ChannelType.INTEGER, Access.WRITE, "type", "int16", "order", "little", "command", "02 57 {value} 03"));
    }
}
