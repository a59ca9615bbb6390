package org.mviot.edge.driver.modbus.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.driver.modbus.internal.codec.Pdu;
import org.mviot.edge.driver.modbus.internal.codec.ValueType;
import org.mviot.edge.driver.modbus.internal.codec.WordOrder;

/**
 * A Modbus device's settings, read from its descriptor and checked: transport and endpoint, unit
 * id, timeouts, read planning, and one {@link ModbusChannel} per channel. Every problem is reported
 * at once, each naming the device, the channel and the field.
 *
 * <p>Connection keys: {@code transport} ({@code tcp} or {@code rtu}), {@code host}, {@code port}
 * (TCP, default 502), {@code serialPort}, {@code baud}, {@code dataBits}, {@code parity},
 * {@code stopBits} (RTU), {@code unit}, {@code timeout}, {@code retries}, {@code gap},
 * {@code maxRegisters}, {@code maxBits}, {@code merge}. Channel address keys: {@code table},
 * {@code register}, {@code type}, {@code order}, {@code count}, {@code bit}, {@code write}.
 *
 * @param device       device id
 * @param transport    TCP or RTU
 * @param host         TCP host
 * @param port         TCP port
 * @param serialPort   RTU serial port
 * @param line         RTU line settings
 * @param unit         unit id
 * @param timeout      response timeout
 * @param retries      retries after a timeout or a corrupted frame
 * @param gap          most unused registers (or bits) a block read may span to merge two channels
 * @param maxRegisters most registers per read
 * @param maxBits      most bits per read
 * @param merge        whether channels are merged into block reads
 * @param channels     the channels
 */
public record ModbusDeviceConfig(String device, Transport transport, String host, int port, String serialPort,
                                 LineSettings line, int unit, Duration timeout, int retries, int gap, int maxRegisters,
                                 int maxBits, boolean merge, List<ModbusChannel> channels) {

    /** How the device is reached. */
    public enum Transport {
        /** Modbus TCP (MBAP framing over a socket). */
        TCP,
        /** Modbus RTU over a serial line. */
        RTU
    }

    private static final Set<String> CONNECTION = Set.of("transport", "host", "port", "serialPort", "baud", "dataBits", "parity",
            "stopBits", "unit", "timeout", "retries", "gap", "maxRegisters", "maxBits", "merge");
    private static final Set<String> ADDRESS = Set.of("table", "register", "type", "order", "count", "bit", "write");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s)?");

    /**
     * @param d the descriptor
     * @return the checked settings
     * @throws DriverException naming every wrong field, with device, channel and field
     */
    public static ModbusDeviceConfig of(DeviceDescriptor d) throws DriverException {
        List<String> problems = new ArrayList<>();
        String dev = "device '" + d.id() + "'";
        Map<String, String> c = d.connection();
        for (String k : c.keySet()) {
            if (!CONNECTION.contains(k)) {
                problems.add(dev + " connection." + k + ": unknown key (expected one of " + new java.util.TreeSet<>(CONNECTION) + ")");
            }
        }
        String t = c.getOrDefault("transport", c.containsKey("serialPort") ? "rtu" : "tcp").toLowerCase(Locale.ROOT);
        Transport transport = switch (t) {
            case "tcp" -> Transport.TCP;
            case "rtu" -> Transport.RTU;
            default -> {
                problems.add(dev + " connection.transport: '" + t + "' is neither tcp nor rtu");
                yield null;
            }
        };
        String host = c.get("host");
        int port = 502;
        String serialPort = c.get("serialPort");
        LineSettings line = null;
        if (transport == Transport.TCP) {
            if (host == null || host.isBlank()) {
                problems.add(dev + " connection.host: missing; a Modbus TCP device needs the host name or address of its server");
            }
            port = integer(problems, dev + " connection.port", c.get("port"), 502, 1, 65535);
        } else if (transport == Transport.RTU) {
            if (serialPort == null || serialPort.isBlank()) {
                problems.add(dev + " connection.serialPort: missing; a Modbus RTU device needs its serial port, e.g. /dev/ttyUSB0");
            }
            line = line(problems, dev, c);
        }
        int unitMax = transport == Transport.RTU ? 247 : 255;
        int unit = integer(problems, dev + " connection.unit", c.get("unit"), 1, 0, unitMax);
        Duration timeout = duration(problems, dev + " connection.timeout", c.get("timeout"), Duration.ofMillis(1000));
        int retries = integer(problems, dev + " connection.retries", c.get("retries"), transport == Transport.RTU ? 2 : 1, 0, 10);
        int gap = integer(problems, dev + " connection.gap", c.get("gap"), 10, 0, Pdu.MAX_READ_BITS);
        int maxRegisters = integer(problems, dev + " connection.maxRegisters", c.get("maxRegisters"), Pdu.MAX_READ_REGISTERS, 1,
                Pdu.MAX_READ_REGISTERS);
        int maxBits = integer(problems, dev + " connection.maxBits", c.get("maxBits"), Pdu.MAX_READ_BITS, 1, Pdu.MAX_READ_BITS);
        String mergeText = c.getOrDefault("merge", "true");
        if (!mergeText.equals("true") && !mergeText.equals("false")) {
            problems.add(dev + " connection.merge: '" + mergeText + "' is neither true nor false");
        }
        // on RTU, unit 0 is broadcast: nobody answers (on TCP it is an ordinary unit id)
        boolean broadcast = transport == Transport.RTU && unit == 0;
        List<ModbusChannel> channels = new ArrayList<>();
        for (ChannelSpec s : d.channels()) {
            ModbusChannel mc = channel(problems, dev + " channel '" + s.name() + "'", s, maxRegisters, maxBits, broadcast);
            if (mc != null) {
                channels.add(mc);
            }
        }
        if (!problems.isEmpty()) {
            throw new DriverException(String.join("; ", problems));
        }
        return new ModbusDeviceConfig(d.id(), transport, host, port, serialPort, line, unit, timeout, retries, gap, maxRegisters,
                maxBits, Boolean.parseBoolean(mergeText), List.copyOf(channels));
    }

    /**
     * @param name a channel name
     * @return its Modbus settings
     */
    public ModbusChannel channel(String name) {
        for (ModbusChannel mc : channels) {
            if (mc.spec().name().equals(name)) {
                return mc;
            }
        }
        return null;
    }

    private static ModbusChannel channel(List<String> problems, String who, ChannelSpec s, int maxRegisters, int maxBits,
                                         boolean broadcast) {
        int before = problems.size();
        Map<String, String> a = s.address();
        for (String k : a.keySet()) {
            if (!ADDRESS.contains(k)) {
                problems.add(who + " address." + k + ": unknown key (expected one of " + new java.util.TreeSet<>(ADDRESS) + ")");
            }
        }
        String tableText = a.get("table");
        Table table = null;
        if (tableText == null) {
            problems.add(who + " address.table: missing (expected coil, discrete, input or holding)");
        } else {
            table = Table.byName(tableText);
            if (table == null) {
                problems.add(who + " address.table: '" + tableText + "' is not a table (expected coil, discrete, input or holding)");
            }
        }
        if (!a.containsKey("register")) {
            problems.add(who + " address.register: missing (the first register or bit, 0..65535)");
        }
        int address = integer(problems, who + " address.register", a.get("register"), 0, 0, 65535);
        String typeText = a.get("type");
        ValueType type;
        if (typeText == null) {
            type = table != null && table.bits() || s.type() == ChannelType.BOOLEAN ? ValueType.BIT
                    : s.type() == ChannelType.DOUBLE ? ValueType.FLOAT32 : s.type() == ChannelType.STRING ? ValueType.STRING : ValueType.INT16;
        } else {
            type = ValueType.byName(typeText);
            if (type == null) {
                problems.add(who + " address.type: '" + typeText
                        + "' is not a value type (expected bit, int16, uint16, int32, uint32, int64, float32, float64 or string)");
            }
        }
        String orderText = a.getOrDefault("order", "ABCD");
        WordOrder order = WordOrder.byName(orderText);
        if (order == null) {
            problems.add(who + " address.order: '" + orderText + "' is not a word order (expected ABCD, CDAB, BADC or DCBA)");
        }
        String writeText = a.getOrDefault("write", WriteMode.PLAIN.label());
        WriteMode write = WriteMode.byName(writeText);
        if (write == null) {
            problems.add(who + " address.write: '" + writeText + "' is not a write mode (expected plain or read-back)");
        }
        if (problems.size() > before || table == null || type == null || write == null) {
            return null;
        }
        if (table.bits() && type != ValueType.BIT) {
            problems.add(who + " address.type: a " + table.label() + " holds one bit, so its type is bit, not " + type.label());
        }
        if (type == ValueType.BIT && s.type() != ChannelType.BOOLEAN && s.type() != ChannelType.INTEGER) {
            problems.add(who + " type: a bit is read as boolean or integer, not " + s.type().name().toLowerCase(Locale.ROOT));
        }
        if (type == ValueType.STRING && s.type() != ChannelType.STRING) {
            problems.add(who + " type: a string register range is read as string, not " + s.type().name().toLowerCase(Locale.ROOT));
        }
        if (type != ValueType.STRING && type != ValueType.BIT && s.type() == ChannelType.STRING) {
            problems.add(who + " address.type: " + type.label() + " is a number, the channel is a string");
        }
        if (type.isFloat() && s.type() != ChannelType.DOUBLE) {
            problems.add(who + " type: " + type.label() + " is read as double, not " + s.type().name().toLowerCase(Locale.ROOT));
        }
        int bit = 0;
        if (type == ValueType.BIT && !table.bits()) {
            if (!a.containsKey("bit")) {
                problems.add(who + " address.bit: missing; a bit of a " + table.label() + " needs its index 0..15");
            }
            bit = integer(problems, who + " address.bit", a.get("bit"), 0, 0, 15);
            if (s.access().writable()) {
                problems.add(who + " access: a single bit of a " + table.label() + " cannot be written; use a coil or the whole register");
            }
        } else if (a.containsKey("bit")) {
            problems.add(who + " address.bit: only a bit of a register takes a bit index");
        }
        int natural = table.bits() || type == ValueType.BIT ? 1 : type.registers();
        int count;
        if (type == ValueType.STRING) {
            if (!a.containsKey("count")) {
                problems.add(who + " address.count: missing; a string needs its length in registers (two characters each)");
            }
            count = integer(problems, who + " address.count", a.get("count"), 1, 1, Integer.MAX_VALUE);
        } else {
            count = integer(problems, who + " address.count", a.get("count"), natural, 1, Integer.MAX_VALUE);
            if (a.containsKey("count") && count != natural) {
                problems.add(who + " address.count: " + type.label() + " takes " + natural + (table.bits() ? " bit" : " register")
                        + (natural == 1 ? "" : "s") + ", not " + count);
            }
        }
        int limit = table.bits() ? maxBits : maxRegisters;
        if (count > limit) {
            problems.add(who + " address.count: " + count + (table.bits() ? " bits" : " registers") + " is over the limit of "
                    + limit + " per read");
        }
        if (address + count - 1 > 65535) {
            problems.add(who + " address.register: " + address + " + " + count + " runs past the last address 65535");
        }
        if (s.access().writable() && !table.writable()) {
            problems.add(who + " access: " + table.label() + "s are read-only; only coils and holding registers can be written");
        }
        if (write == WriteMode.READ_BACK) {
            readBack(problems, who, s, table, count, broadcast);
        } else if (s.access().writable() && type == ValueType.STRING && count > Pdu.MAX_WRITE_REGISTERS) {
            problems.add(who + " address.count: " + count + " registers is over the limit of " + Pdu.MAX_WRITE_REGISTERS + " per write");
        }
        return problems.size() > before ? null : new ModbusChannel(s, table, address, type, order, count, bit, write);
    }

    /** Checks a channel whose writes use function 23 (write, then read the same registers back). */
    private static void readBack(List<String> problems, String who, ChannelSpec s, Table table, int count, boolean broadcast) {
        if (!s.access().writable()) {
            problems.add(who + " address.write: read-back changes how the channel is written, and its access is read-only;"
                    + " make it write or read_write, or remove address.write");
            return;
        }
        if (!table.writable()) {
            return; // the access check above already says the table is read-only
        }
        if (table != Table.HOLDING_REGISTER) {
            problems.add(who + " address.write: read-back (function 23) works on holding registers only, not on " + table.label() + "s");
            return;
        }
        if (count > Pdu.MAX_READ_WRITE_REGISTERS) {
            problems.add(who + " address.count: " + count + " registers is over the limit of " + Pdu.MAX_READ_WRITE_REGISTERS
                    + " per write with read-back (function 23)");
        }
        if (broadcast) {
            problems.add(who + " address.write: read-back needs an answer, and unit 0 on RTU is broadcast, which no unit answers;"
                    + " use the device's own unit id or \"write\": \"plain\"");
        }
    }

    private static LineSettings line(List<String> problems, String dev, Map<String, String> c) {
        int baud = integer(problems, dev + " connection.baud", c.get("baud"), 9600, 50, 4_000_000);
        int dataBits = integer(problems, dev + " connection.dataBits", c.get("dataBits"), 8, 5, 8);
        String p = c.getOrDefault("parity", "none").toUpperCase(Locale.ROOT);
        LineSettings.Parity parity = null;
        for (LineSettings.Parity x : LineSettings.Parity.values()) {
            if (x.name().equals(p) || x.name().charAt(0) == p.charAt(0) && p.length() == 1) {
                parity = x;
            }
        }
        if (parity == null) {
            problems.add(dev + " connection.parity: '" + p + "' is not a parity (expected none, even, odd, mark or space)");
        }
        String sb = c.getOrDefault("stopBits", "1");
        LineSettings.StopBits stop = switch (sb) {
            case "1" -> LineSettings.StopBits.ONE;
            case "1.5" -> LineSettings.StopBits.ONE_AND_HALF;
            case "2" -> LineSettings.StopBits.TWO;
            default -> {
                problems.add(dev + " connection.stopBits: '" + sb + "' is not 1, 1.5 or 2");
                yield null;
            }
        };
        return parity == null || stop == null ? null
                : new LineSettings(baud, dataBits, parity, stop, LineSettings.FlowControl.NONE);
    }

    private static int integer(List<String> problems, String who, String text, int dflt, int min, int max) {
        if (text == null) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            problems.add(who + ": '" + text + "' is not a whole number");
            return dflt;
        }
        if (v < min || v > max) {
            problems.add(who + ": " + v + " is outside " + min + ".." + (max == Integer.MAX_VALUE ? "" : max));
            return dflt;
        }
        return (int) v;
    }

    private static Duration duration(List<String> problems, String who, String text, Duration dflt) {
        if (text == null) {
            return dflt;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            problems.add(who + ": '" + text + "' is not a duration (e.g. 500ms, 2s)");
            return dflt;
        }
        long v = Long.parseLong(m.group(1));
        Duration d = "s".equals(m.group(2)) ? Duration.ofSeconds(v) : Duration.ofMillis(v);
        if (d.isZero() || d.compareTo(Duration.ofSeconds(60)) > 0) {
            problems.add(who + ": " + text + " is outside 1ms..60s");
            return dflt;
        }
        return d;
    }
}
