package org.mviot.edge.driver.serial.internal.frame;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.DriverSettings;
import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.driver.serial.internal.line.LineFormat;

/**
 * How a serial device's fixed-length binary frames are found and read ({@code "format": "binary"}),
 * from its descriptor. Connection keys: the line settings of every serial device, {@code format},
 * {@code frameLength} (bytes, sync and checksum included), {@code sync} (hex bytes every frame starts
 * with), {@code checksum} ({@code none}, {@code sum8}, {@code xor8}, {@code crc16-modbus}, in the last
 * byte(s) of the frame) and {@code checksumFrom} (first byte it covers). Channel address keys:
 * {@code offset}, {@code type}, {@code order} ({@code big}, {@code little}), {@code bit},
 * {@code command} (writable channels: hex bytes with {@code {value}}).
 *
 * @param device       device id
 * @param port         serial port
 * @param line         line settings
 * @param frameLength  bytes per frame, sync and checksum included
 * @param sync         bytes every frame starts with, possibly none
 * @param checksum     the check in the frame's last byte(s)
 * @param checksumFrom first byte the check covers
 * @param channels     where each channel's value is
 */
public record FrameFormat(String device, String port, LineSettings line, int frameLength, byte[] sync, Checksum checksum,
                          int checksumFrom, List<Slot> channels) {

    /** Longest frame accepted. */
    public static final int MAX_FRAME_LENGTH = 4096;

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();
    private static final String VALUE = "{value}";
    private static final String[] CONNECTION = {"serialPort", "baud", "dataBits", "parity", "stopBits", "flowControl",
        "format", "frameLength", "sync", "checksum", "checksumFrom"};
    private static final String[] ADDRESS = {"offset", "type", "order", "bit", "command"};

    /**
     * Where one channel's value is, and what a write sends.
     *
     * @param spec    the channel
     * @param offset  first byte of the value in the frame, -1 for write-only channels
     * @param type    how the value is stored
     * @param little  least significant byte first
     * @param bit     the bit of the value that is read (0 = least significant), -1 for the whole value
     * @param command the bytes a write sends, split at each {@code {value}}; {@code null} when not writable
     */
    public record Slot(ChannelSpec spec, int offset, BinaryType type, boolean little, int bit, List<byte[]> command) {
    }

    /**
     * @param d the descriptor, with {@code "format": "binary"}
     * @return the checked format
     * @throws DriverException naming every wrong field with device, channel and key
     */
    public static FrameFormat of(DeviceDescriptor d) throws DriverException {
        DriverSettings s = DriverSettings.of(d);
        DriverSettings.Section c = s.connection();
        c.onlyKeys(CONNECTION);
        String port = c.required("serialPort", "the serial port of the device, e.g. /dev/ttyUSB0");
        LineSettings line = LineFormat.lineSettings(c);
        int length = -1;
        if (!c.has("frameLength")) {
            c.problem("frameLength", "missing; the binary format needs the frame length in bytes, sync and checksum included");
        } else {
            length = c.integer("frameLength", -1, 1, MAX_FRAME_LENGTH);
        }
        byte[] sync = new byte[0];
        if (c.has("sync")) {
            try {
                sync = hex(c.string("sync", ""));
                if (sync.length == 0) {
                    c.problem("sync", "empty; leave it out for frames without sync bytes");
                }
            } catch (IllegalArgumentException e) {
                c.problem("sync", e.getMessage());
            }
        }
        Checksum checksum = Checksum.parse(c.string("checksum", "none"));
        if (checksum == null) {
            c.problem("checksum", "expected none, sum8, xor8 or crc16-modbus, got " + DriverSettings.quote(c.string("checksum", "")));
        }
        int sumSize = checksum == null ? 0 : checksum.size();
        int checksumFrom = 0;
        if (c.has("checksumFrom")) {
            if (checksum == Checksum.NONE) {
                c.problem("checksumFrom", "only with a checksum");
            }
            checksumFrom = c.integer("checksumFrom", 0, 0, MAX_FRAME_LENGTH);
        }
        int data = length - sumSize; // end of the bytes before the checksum
        if (length > 0) {
            if (sync.length + sumSize >= length) {
                c.problem("frameLength", length + " leaves no room for data after " + sync.length + " sync byte(s) and " + sumSize
                        + " checksum byte(s)");
            } else if (checksum != Checksum.NONE && checksumFrom >= data) {
                c.problem("checksumFrom", checksumFrom + " is not before the checksum at byte " + data);
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (ChannelSpec ch : d.channels()) {
            Slot slot = slot(s, ch, length > 0 ? data : Integer.MAX_VALUE, length, sumSize);
            if (slot != null) {
                slots.add(slot);
            }
        }
        s.check();
        return new FrameFormat(d.id(), port, line, length, sync, checksum, checksumFrom, List.copyOf(slots));
    }

    private static Slot slot(DriverSettings s, ChannelSpec ch, int data, int length, int sumSize) {
        DriverSettings.Section a = s.address(ch);
        int before = s.problems().size();
        a.onlyKeys(ADDRESS);
        if (ch.type() == ChannelType.STRING) {
            s.problem("channels." + ch.name() + ".type",
                    "binary frames carry numbers; a string channel cannot be read or written (use integer, double or boolean)");
            return null;
        }
        BinaryType type = null;
        if (a.has("type")) {
            type = BinaryType.parse(a.string("type", ""));
            if (type == null) {
                a.problem("type", "expected one of uint8, int8, uint16, int16, uint32, int32, float32, float64, got "
                        + DriverSettings.quote(a.string("type", "")));
            }
        } else if (ch.type() == ChannelType.BOOLEAN) {
            type = BinaryType.UINT8;
        } else {
            a.problem("type", "missing; give how the value is stored (uint8, int8, uint16, int16, uint32, int32, float32, float64)");
        }
        if (type != null && type.floating() && ch.type() != ChannelType.DOUBLE) {
            a.problem("type", type.label() + " needs a double channel, not " + ch.type().name().toLowerCase(Locale.ROOT));
        }
        boolean little = a.choice("order", "big", "big", "little").equals("little");
        int bit = -1;
        if (a.has("bit")) {
            int bits = type == null ? 64 : 8 * type.size();
            bit = a.integer("bit", -1, 0, bits - 1);
            if (type != null && type.floating()) {
                a.problem("bit", "only for integer types, not " + type.label());
            } else if (ch.type() == ChannelType.DOUBLE) {
                a.problem("bit", "only for boolean and integer channels");
            } else if (!ch.access().readable()) {
                a.problem("bit", "only for reading; a write sends its command");
            }
        }
        int offset = -1;
        if (ch.access().readable()) {
            if (!a.has("offset")) {
                a.problem("offset", "missing; give the value's first byte in the frame, counted from 0 (sync bytes included)");
            } else {
                offset = a.integer("offset", -1, 0, MAX_FRAME_LENGTH);
                if (type != null && length > 0 && offset >= 0 && offset + type.size() > data) {
                    a.problem("offset", type.label() + " at bytes " + offset + ".." + (offset + type.size() - 1)
                            + " does not fit in the frame's " + length + " bytes" + (sumSize > 0 ? " before the " + sumSize + " checksum byte(s)" : ""));
                }
            }
        } else if (a.has("offset")) {
            a.problem("offset", "only for readable channels");
        }
        List<byte[]> command = null;
        if (ch.access().writable()) {
            if (!a.has("command")) {
                a.problem("command", "missing; a writable channel needs the bytes to send in hex, e.g. \"02 53 {value} 03\"");
            } else {
                try {
                    command = template(a.string("command", ""));
                } catch (IllegalArgumentException e) {
                    a.problem("command", e.getMessage());
                }
            }
        } else if (a.has("command")) {
            a.problem("command", "only for writable channels");
        }
        if (s.problems().size() > before || type == null) {
            return null;
        }
        return new Slot(ch, offset, type, little, bit, command);
    }

    /**
     * @param frame a buffer holding a whole frame
     * @param at    where the frame starts
     * @return why its checksum is wrong, or {@code null} when it is right (or there is none)
     */
    public String checksumProblem(byte[] frame, int at) {
        if (checksum == Checksum.NONE) {
            return null;
        }
        int end = at + frameLength - checksum.size();
        int want = checksum.compute(frame, at + checksumFrom, end);
        int got = checksum.stored(frame, end);
        return want == got ? null : checksum.label() + " is " + checksum.hex(got) + ", computed " + checksum.hex(want);
    }

    /**
     * Reads the values a frame carries.
     *
     * @param frame a buffer holding a whole frame
     * @param at    where the frame starts
     * @return values by channel name
     * @throws IllegalArgumentException naming a value that cannot be used (a float that is NaN or infinite)
     */
    public Map<String, Object> values(byte[] frame, int at) {
        Map<String, Object> out = new HashMap<>();
        for (Slot s : channels) {
            if (!s.spec().access().readable()) {
                continue;
            }
            Object raw = s.type().decode(frame, at + s.offset(), s.little());
            out.put(s.spec().name(), typed(s, raw));
        }
        return out;
    }

    private static Object typed(Slot s, Object raw) {
        if (raw instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new IllegalArgumentException("channel '" + s.spec().name() + "': " + s.type().label() + " at byte " + s.offset() + " is " + d);
        }
        if (s.bit() >= 0) {
            boolean set = ((Long) raw >>> s.bit() & 1) == 1;
            return s.spec().type() == ChannelType.BOOLEAN ? (Object) set : (Object) (set ? 1L : 0L);
        }
        return switch (s.spec().type()) {
            case BOOLEAN -> ((Number) raw).doubleValue() != 0;
            case DOUBLE -> ((Number) raw).doubleValue();
            default -> raw;
        };
    }

    /**
     * @param s     a writable channel
     * @param value the value
     * @return the bytes to send: the command with each {@code {value}} replaced by the value in the channel's type and order
     * @throws IllegalArgumentException when the value does not fit the type
     */
    public static byte[] command(Slot s, Object value) {
        byte[] v = s.command().size() > 1 ? s.type().encode(value, s.little()) : new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.command().size(); i++) {
            if (i > 0) {
                out.writeBytes(v);
            }
            out.writeBytes(s.command().get(i));
        }
        return out.toByteArray();
    }

    /**
     * @param bytes some bytes
     * @param from  first
     * @param to    end, exclusive
     * @return them in hex, {@code AA 55 01}
     */
    public static String hex(byte[] bytes, int from, int to) {
        return HEX.formatHex(bytes, from, to);
    }

    /**
     * @param text hex bytes, blanks, commas and colons between them allowed ({@code "AA 55"}, {@code "aa55"})
     * @return the bytes
     * @throws IllegalArgumentException when it is not hex bytes
     */
    static byte[] hex(String text) {
        String h = text.replaceAll("[\\s,:]", "");
        if (h.length() % 2 != 0 || !h.matches("[0-9A-Fa-f]*")) {
            throw new IllegalArgumentException("expected hex bytes (e.g. \"AA 55\"), got " + DriverSettings.quote(text));
        }
        return HexFormat.of().parseHex(h);
    }

    private static List<byte[]> template(String text) {
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = text.indexOf(VALUE, from);
            String part = at < 0 ? text.substring(from) : text.substring(from, at);
            try {
                parts.add(hex(part));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected hex bytes with {value} where the value goes (e.g. \"02 53 {value} 03\"), got "
                        + DriverSettings.quote(text));
            }
            if (at < 0) {
                break;
            }
            from = at + VALUE.length();
        }
        if (parts.stream().allMatch(p -> p.length == 0) && parts.size() == 1) {
            throw new IllegalArgumentException("empty; give the bytes to send in hex, e.g. \"02 53 {value} 03\"");
        }
        return List.copyOf(parts);
    }

    @Override
    public String toString() {
        return "binary frames of " + frameLength + " bytes" + (sync.length > 0 ? ", sync " + hex(sync, 0, sync.length) : "")
                + (checksum != Checksum.NONE ? ", " + checksum.label() : "");
    }
}
