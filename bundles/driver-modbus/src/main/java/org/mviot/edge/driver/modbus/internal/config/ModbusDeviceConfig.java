package org.mviot.edge.driver.modbus.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DurationSyntax;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.DriverSettings;
import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.driver.modbus.internal.codec.Pdu;
import org.mviot.edge.driver.modbus.internal.codec.ValueType;
import org.mviot.edge.driver.modbus.internal.codec.WordOrder;

/**
 * A Modbus device's settings, read from its descriptor and checked: transport and endpoint, unit
 * id, timeouts, read planning, and one {@link ModbusChannel} per channel. Read with the api's
 * {@link DriverSettings}: durations in the core's grammar ({@code 500ms}, {@code 1.5s}), unknown keys
 * refused, every problem reported at once at its key path.
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
 * @param timeoutGiven whether the descriptor set the timeout (else it is the default, which {@link #within} may shorten)
 * @param retries      retries after a timeout or a corrupted frame
 * @param gap          most unused registers (or bits) a block read may span to merge two channels
 * @param maxRegisters most registers per read
 * @param maxBits      most bits per read
 * @param merge        whether channels are merged into block reads
 * @param channels     the channels
 */
public record ModbusDeviceConfig(String device, Transport transport, String host, int port, String serialPort,
                                 LineSettings line, int unit, Duration timeout, boolean timeoutGiven, int retries, int gap, int maxRegisters,
                                 int maxBits, boolean merge, List<ModbusChannel> channels) {

    /** How the device is reached. */
    public enum Transport {
        /** Modbus TCP (MBAP framing over a socket). */
        TCP,
        /** Modbus RTU over a serial line. */
        RTU
    }

    private static final String[] CONNECTION = {"transport", "host", "port", "serialPort", "baud", "dataBits", "parity",
        "stopBits", "unit", "timeout", "retries", "gap", "maxRegisters", "maxBits", "merge"};
    private static final String[] ADDRESS = {"table", "register", "type", "order", "count", "bit", "write"};
    /** Shortest and longest response timeout. */
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    /** Kept free of the core's deadline for the time on the wire and the hand-over between threads. */
    private static final Duration WIRE_MARGIN = Duration.ofMillis(100);

    /**
     * @param d the descriptor
     * @return the checked settings
     * @throws DriverException carrying every wrong setting, each at its key path
     *                         ({@code connection.unit}, {@code channels.<name>.address.register})
     */
    public static ModbusDeviceConfig of(DeviceDescriptor d) throws DriverException {
        DriverSettings s = DriverSettings.of(d);
        DriverSettings.Section c = s.connection();
        c.onlyKeys(CONNECTION);
        Transport transport = c.choice("transport", Transport.class, c.has("serialPort") ? Transport.RTU : Transport.TCP);
        String host = null;
        int port = 502;
        String serialPort = null;
        LineSettings line = null;
        if (transport == Transport.TCP) {
            host = c.host("host");
            port = c.port("port", 502);
        } else {
            serialPort = c.required("serialPort", "the serial port of the Modbus RTU bus, e.g. /dev/ttyUSB0");
            line = line(c);
        }
        int unit = c.integer("unit", 1, 0, transport == Transport.RTU ? 247 : 255);
        Duration timeout = c.duration("timeout", Duration.ofMillis(1000), MIN_TIMEOUT, MAX_TIMEOUT);
        int retries = c.integer("retries", transport == Transport.RTU ? 2 : 1, 0, 10);
        int gap = c.integer("gap", 10, 0, Pdu.MAX_READ_BITS);
        int maxRegisters = c.integer("maxRegisters", Pdu.MAX_READ_REGISTERS, 1, Pdu.MAX_READ_REGISTERS);
        int maxBits = c.integer("maxBits", Pdu.MAX_READ_BITS, 1, Pdu.MAX_READ_BITS);
        boolean merge = c.flag("merge", true);
        // on RTU, unit 0 is broadcast: nobody answers (on TCP it is an ordinary unit id)
        boolean broadcast = transport == Transport.RTU && unit == 0;
        List<ModbusChannel> channels = new ArrayList<>();
        for (ChannelSpec ch : d.channels()) {
            ModbusChannel mc = channel(s, ch, maxRegisters, maxBits, broadcast);
            if (mc != null) {
                channels.add(mc);
            }
        }
        s.check();
        return new ModbusDeviceConfig(d.id(), transport, host, port, serialPort, line, unit, timeout, c.has("timeout"), retries, gap, maxRegisters,
                maxBits, merge, List.copyOf(channels));
    }

    /**
     * Fits the response timeout and the tries into the core's deadline for a read or write, so that a
     * silent unit fails with this driver's reason ({@code did not answer (2 tries × 1000 ms)}) before
     * the core interrupts the call with its generic timeout. A default timeout is shortened to fit; a
     * timeout the descriptor gives is kept and the tries are cut instead, with a warning saying so.
     *
     * @param deadline the core's deadline ({@code DeviceListener.readTimeout()}/{@code writeTimeout()}, the shorter)
     * @param warn     receives the warning when the descriptor's settings do not fit
     * @return this, or a copy whose timeout × tries fits
     */
    public ModbusDeviceConfig within(Duration deadline, Consumer<String> warn) {
        Duration budget = deadline.minus(WIRE_MARGIN);
        if (budget.compareTo(MIN_TIMEOUT) < 0) {
            budget = MIN_TIMEOUT;
        }
        int tries = retries + 1;
        if (timeout.multipliedBy(tries).compareTo(budget) <= 0) {
            return this;
        }
        if (!timeoutGiven) {
            Duration fitted = Duration.ofMillis(budget.toMillis() / tries);
            return copy(fitted.compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT : fitted, retries);
        }
        int fit = (int) Math.max(1, budget.toMillis() / Math.max(1, timeout.toMillis()));
        String given = "device '" + device + "': connection.timeout " + DurationSyntax.format(timeout) + " × " + tries
                + " tries (retries " + retries + ") does not fit in the core's read deadline of " + DurationSyntax.format(deadline)
                + " (core setting read.timeout.ms)";
        if (timeout.compareTo(budget) > 0) {
            warn.accept(given + "; even one try is longer, so a silent unit fails with the core's timeout;"
                    + " lower connection.timeout below " + DurationSyntax.format(budget));
        } else {
            warn.accept(given + "; making " + fit + (fit == 1 ? " try" : " tries") + " so that a silent unit fails with its own reason;"
                    + " lower connection.timeout or connection.retries, or raise the core's read.timeout.ms");
        }
        return copy(timeout, Math.min(retries, fit - 1));
    }

    private ModbusDeviceConfig copy(Duration timeout, int retries) {
        return new ModbusDeviceConfig(device, transport, host, port, serialPort, line, unit, timeout, timeoutGiven, retries, gap,
                maxRegisters, maxBits, merge, channels);
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

    private static ModbusChannel channel(DriverSettings s, ChannelSpec ch, int maxRegisters, int maxBits, boolean broadcast) {
        int before = s.problems().size();
        DriverSettings.Section a = s.address(ch);
        String at = "channels." + ch.name() + ".";
        a.onlyKeys(ADDRESS);
        Table table = null;
        String tableText = a.required("table", "coil, discrete, input or holding");
        if (tableText != null) {
            table = Table.byName(tableText);
            if (table == null) {
                a.problem("table", "expected coil, discrete, input or holding, got " + DriverSettings.quote(tableText));
            }
        }
        if (!a.has("register")) {
            a.problem("register", "missing; expected the first register or bit, 0..65535");
        }
        int address = a.integer("register", 0, 0, 65535);
        ValueType type;
        if (!a.has("type")) {
            type = table != null && table.bits() || ch.type() == ChannelType.BOOLEAN ? ValueType.BIT
                    : ch.type() == ChannelType.DOUBLE ? ValueType.FLOAT32 : ch.type() == ChannelType.STRING ? ValueType.STRING : ValueType.INT16;
        } else {
            type = ValueType.byName(a.string("type", ""));
            if (type == null) {
                a.problem("type", "expected bit, int16, uint16, int32, uint32, int64, float32, float64 or string, got "
                        + DriverSettings.quote(a.string("type", "")));
            }
        }
        WordOrder order = WordOrder.byName(a.string("order", "ABCD"));
        if (order == null) {
            a.problem("order", "expected ABCD, CDAB, BADC or DCBA, got " + DriverSettings.quote(a.string("order", "")));
        }
        WriteMode write = WriteMode.byName(a.string("write", WriteMode.PLAIN.label()));
        if (write == null) {
            a.problem("write", "expected plain or read-back, got " + DriverSettings.quote(a.string("write", "")));
        }
        if (s.problems().size() > before || table == null || type == null || write == null) {
            return null;
        }
        String channelType = ch.type().name().toLowerCase(Locale.ROOT);
        if (table.bits() && type != ValueType.BIT) {
            a.problem("type", "a " + table.label() + " holds one bit, so its type is bit, not " + type.label());
        }
        if (type == ValueType.BIT && ch.type() != ChannelType.BOOLEAN && ch.type() != ChannelType.INTEGER) {
            s.problem(at + "type", "a bit is read as boolean or integer, not " + channelType);
        }
        if (type == ValueType.STRING && ch.type() != ChannelType.STRING) {
            s.problem(at + "type", "a string register range is read as string, not " + channelType);
        }
        if (type != ValueType.STRING && type != ValueType.BIT && ch.type() == ChannelType.STRING) {
            a.problem("type", type.label() + " is a number, the channel is a string");
        }
        if (type.isFloat() && ch.type() != ChannelType.DOUBLE) {
            s.problem(at + "type", type.label() + " is read as double, not " + channelType);
        }
        int bit = 0;
        if (type == ValueType.BIT && !table.bits()) {
            if (!a.has("bit")) {
                a.problem("bit", "missing; a bit of a " + table.label() + " needs its index 0..15");
            }
            bit = a.integer("bit", 0, 0, 15);
            if (ch.access().writable()) {
                s.problem(at + "access", "a single bit of a " + table.label() + " cannot be written; use a coil or the whole register");
            }
        } else if (a.has("bit")) {
            a.problem("bit", "only a bit of a register takes a bit index");
        }
        int natural = table.bits() || type == ValueType.BIT ? 1 : type.registers();
        int count;
        if (type == ValueType.STRING) {
            if (!a.has("count")) {
                a.problem("count", "missing; a string needs its length in registers (two characters each)");
            }
            count = a.integer("count", 1, 1, Integer.MAX_VALUE);
        } else {
            count = a.integer("count", natural, 1, Integer.MAX_VALUE);
            if (a.has("count") && count != natural) {
                a.problem("count", type.label() + " takes " + natural + (table.bits() ? " bit" : " register")
                        + (natural == 1 ? "" : "s") + ", not " + count);
            }
        }
        int limit = table.bits() ? maxBits : maxRegisters;
        if (count > limit) {
            a.problem("count", count + (table.bits() ? " bits" : " registers") + " is over the limit of " + limit + " per read");
        }
        if (address + count - 1 > 65535) {
            a.problem("register", address + " + " + count + " runs past the last address 65535");
        }
        if (ch.access().writable() && !table.writable()) {
            s.problem(at + "access", table.label() + "s are read-only; only coils and holding registers can be written");
        }
        if (write == WriteMode.READ_BACK) {
            readBack(a, ch, table, count, broadcast);
        } else if (ch.access().writable() && type == ValueType.STRING && count > Pdu.MAX_WRITE_REGISTERS) {
            a.problem("count", count + " registers is over the limit of " + Pdu.MAX_WRITE_REGISTERS + " per write");
        }
        return s.problems().size() > before ? null : new ModbusChannel(ch, table, address, type, order, count, bit, write);
    }

    /** Checks a channel whose writes use function 23 (write, then read the same registers back). */
    private static void readBack(DriverSettings.Section a, ChannelSpec ch, Table table, int count, boolean broadcast) {
        if (!ch.access().writable()) {
            a.problem("write", "read-back changes how the channel is written, and its access is read-only;"
                    + " make it write or read_write, or remove address.write");
            return;
        }
        if (!table.writable()) {
            return; // the access check above already says the table is read-only
        }
        if (table != Table.HOLDING_REGISTER) {
            a.problem("write", "read-back (function 23) works on holding registers only, not on " + table.label() + "s");
            return;
        }
        if (count > Pdu.MAX_READ_WRITE_REGISTERS) {
            a.problem("count", count + " registers is over the limit of " + Pdu.MAX_READ_WRITE_REGISTERS
                    + " per write with read-back (function 23)");
        }
        if (broadcast) {
            a.problem("write", "read-back needs an answer, and unit 0 on RTU is broadcast, which no unit answers;"
                    + " use the device's own unit id or \"write\": \"plain\"");
        }
    }

    private static LineSettings line(DriverSettings.Section c) {
        int baud = c.integer("baud", 9600, 50, 4_000_000);
        int dataBits = c.integer("dataBits", 8, 5, 8);
        // the one-letter forms are what device manuals print (8N1, 8E1)
        String p = c.choice("parity", "none", "none", "even", "odd", "mark", "space", "n", "e", "o", "m", "s");
        LineSettings.Parity parity = switch (p.charAt(0)) {
            case 'e' -> LineSettings.Parity.EVEN;
            case 'o' -> LineSettings.Parity.ODD;
            case 'm' -> LineSettings.Parity.MARK;
            case 's' -> LineSettings.Parity.SPACE;
            default -> LineSettings.Parity.NONE;
        };
        LineSettings.StopBits stop = switch (c.choice("stopBits", "1", "1", "1.5", "2")) {
            case "1.5" -> LineSettings.StopBits.ONE_AND_HALF;
            case "2" -> LineSettings.StopBits.TWO;
            default -> LineSettings.StopBits.ONE;
        };
        return new LineSettings(baud, dataBits, parity, stop, LineSettings.FlowControl.NONE);
    }
}
