package org.mviot.edge.driver.modbus.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.driver.modbus.internal.codec.ModbusExceptionResponse;
import org.mviot.edge.driver.modbus.internal.codec.ModbusProtocolException;
import org.mviot.edge.driver.modbus.internal.codec.Pdu;
import org.mviot.edge.driver.modbus.internal.codec.ValueCodec;
import org.mviot.edge.driver.modbus.internal.codec.ValueType;
import org.mviot.edge.driver.modbus.internal.config.ModbusChannel;
import org.mviot.edge.driver.modbus.internal.config.ModbusDeviceConfig;
import org.mviot.edge.driver.modbus.internal.config.Table;
import org.mviot.edge.driver.modbus.internal.config.WriteMode;
import org.mviot.edge.driver.modbus.internal.planner.ReadBlock;
import org.mviot.edge.driver.modbus.internal.planner.ReadPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open Modbus device: plans block reads, decodes values, writes (with function 23 read-back
 * where the channel asks for it), and reports exception responses as a degraded status naming the
 * exception. Runs on the caller's thread (the core's
 * bounded I/O pool); every request is bounded by the device's timeout and retried on silence or a
 * corrupted frame.
 */
public final class ModbusDevice implements DeviceConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusDevice.class);

    private final ModbusDeviceConfig config;
    private final ModbusTransport transport;
    private final DeviceListener listener;
    private final ReadPlanner planner;
    private final SilentUnits silentUnits;
    private final String link;
    private final Map<List<String>, List<ReadBlock>> plans = new HashMap<>();
    private String refusal;
    /** Why the transport is absent, as last reported; {@code null} while it is there. */
    private String absence;
    private List<ChannelSpec> lastChannels = List.of();
    private List<ReadBlock> lastBlocks;

    /**
     * @param config    the device's settings
     * @param transport the link to its unit
     * @param listener  where status changes go
     */
    public ModbusDevice(ModbusDeviceConfig config, ModbusTransport transport, DeviceListener listener) {
        this(config, transport, listener, new SilentUnits());
    }

    /**
     * @param config      the device's settings
     * @param transport   the link to its unit
     * @param listener    where status changes go
     * @param silentUnits the driver's units that did not answer, shared by the devices on a link
     */
    public ModbusDevice(ModbusDeviceConfig config, ModbusTransport transport, DeviceListener listener, SilentUnits silentUnits) {
        this.config = config;
        this.transport = transport;
        this.listener = listener;
        this.silentUnits = silentUnits;
        this.link = transport.describe();
        silentUnits.join(link, config.unit());
        this.planner = new ReadPlanner(config.gap(), config.maxRegisters(), config.maxBits(), config.merge());
    }

    @Override
    public synchronized List<Reading> read(List<ChannelSpec> channels) throws DriverException, InterruptedException {
        if (absent()) {
            // the device stays open and reads again once its transport is back; until then every channel fails with the reason
            List<Reading> out = new ArrayList<>(channels.size());
            for (ChannelSpec c : channels) {
                out.add(Reading.failed(c.name(), absence));
            }
            return out;
        }
        String silence = silentUnits.leftAlone(link, config.unit());
        if (silence != null) {
            // it did not answer a moment ago: fail at once, so it does not hold the link the other units share
            throw new DriverException(silence);
        }
        List<ReadBlock> blocks;
        if (sameAsLast(channels)) {
            blocks = lastBlocks; // the core polls the same channels tick after tick: skip building and hashing the key
        } else {
            List<String> key = channels.stream().map(ChannelSpec::name).toList();
            blocks = plans.computeIfAbsent(key, k -> planner.plan(modbusChannels(channels)));
            lastChannels = List.copyOf(channels); // the very list when it is immutable already
            lastBlocks = blocks;
        }
        List<Reading> out = new ArrayList<>(channels.size());
        String firstRefusal = null;
        for (ReadBlock b : blocks) {
            byte[] request = Pdu.read(b.table().readFunction(), b.start(), b.count());
            try {
                byte[] response = exchange(request, b);
                if (b.table().bits()) {
                    boolean[] bits = Pdu.bits(response, b.count());
                    for (ModbusChannel c : b.channels()) {
                        out.add(Reading.good(c.spec().name(), typed(c, bits[c.address() - b.start()])));
                    }
                } else {
                    int[] regs = Pdu.registers(response);
                    for (ModbusChannel c : b.channels()) {
                        Object v = ValueCodec.decode(regs, c.address() - b.start(), c.type(), c.order(), c.count(), c.bit());
                        out.add(Reading.good(c.spec().name(), typed(c, v)));
                    }
                }
            } catch (ModbusExceptionResponse e) {
                String why = "unit " + config.unit() + " answered " + e.getMessage() + " to " + what(b);
                firstRefusal = firstRefusal == null ? why : firstRefusal;
                for (ModbusChannel c : b.channels()) {
                    out.add(Reading.failed(c.spec().name(), why));
                }
            }
        }
        if (firstRefusal != null && !firstRefusal.equals(refusal)) {
            LOG.info("device {}: {}", config.device(), firstRefusal);
            listener.onStatus(DeviceStatus.now(DeviceStatus.State.DEGRADED, firstRefusal));
        } else if (firstRefusal == null && refusal != null) {
            LOG.info("device {}: reading again", config.device());
            listener.onStatus(DeviceStatus.now(DeviceStatus.State.ONLINE, "reading again"));
        }
        refusal = firstRefusal;
        return out;
    }

    /**
     * Reports the device offline, once, while its transport bundle is absent.
     *
     * @return whether it is absent
     */
    private boolean absent() {
        String why = transport.unavailable();
        if (why == null) {
            if (absence != null) {
                LOG.info("device {}: its transport is back ({})", config.device(), transport.describe());
                absence = null;
            }
            return false;
        }
        String reason = "device '" + config.device() + "': " + why;
        if (!reason.equals(absence)) {
            absence = reason;
            LOG.warn("{}", reason);
            listener.onStatus(DeviceStatus.now(DeviceStatus.State.OFFLINE, reason));
        }
        return true;
    }

    @Override
    public synchronized void write(ChannelSpec channel, Object value) throws DriverException, InterruptedException {
        ModbusChannel c = config.channel(channel.name());
        if (c == null || !channel.access().writable()) {
            throw new DriverException("device '" + config.device() + "' channel '" + channel.name() + "' is not writable");
        }
        boolean readBack = c.write() == WriteMode.READ_BACK;
        int[] regs = null;
        byte[] request;
        try {
            if (c.table() == Table.COIL) {
                request = Pdu.writeSingleCoil(c.address(), bool(value));
            } else {
                regs = ValueCodec.encode(value, c.type(), c.order(), c.count());
                request = readBack ? Pdu.readWriteMultipleRegisters(c.address(), regs.length, c.address(), regs)
                        : regs.length == 1 ? Pdu.writeSingleRegister(c.address(), regs[0]) : Pdu.writeMultipleRegisters(c.address(), regs);
            }
        } catch (IllegalArgumentException e) {
            throw new DriverException("device '" + config.device() + "' channel '" + channel.name() + "': value " + value
                    + " refused: " + e.getMessage());
        }
        String what = (readBack ? "write with read-back of " : "write of ") + value + " to " + c.table().label() + " " + c.address();
        byte[] response;
        try {
            if (config.unit() == 0 && !readBack) {
                transport.broadcast(request, config.timeout());
                return;
            }
            response = exchange(request, what);
        } catch (ModbusExceptionResponse e) {
            throw new DriverException("device '" + config.device() + "' channel '" + channel.name() + "': unit " + config.unit()
                    + " answered " + e.getMessage() + " to the " + what);
        } catch (IOException e) {
            throw new DriverException(failure(what, e), e);
        }
        if (readBack) {
            checkReadBack(c, value, regs, Pdu.registers(response));
        }
    }

    /**
     * Reports what a function 23 read back as the channel's reading, and fails the write when the
     * device holds something else than was written (it clamped or ignored the value).
     */
    private void checkReadBack(ModbusChannel c, Object value, int[] written, int[] held) throws DriverException {
        Object now = typed(c, ValueCodec.decode(held, 0, c.type(), c.order(), c.count(), 0));
        if (c.spec().access().readable()) {
            listener.onReading(Reading.good(c.spec().name(), now));
        }
        // compared as decoded values, not registers: a float32 command of 0.1 holds 0.1f, and a string's padding may differ
        Object sent = typed(c, ValueCodec.decode(written, 0, c.type(), c.order(), c.count(), 0));
        if (!sent.equals(now)) {
            String why = "device '" + config.device() + "' channel '" + c.spec().name() + "': wrote " + value + " to " + c.table().label()
                    + " " + c.address() + " but unit " + config.unit() + " holds " + now
                    + " afterwards (read back with function 23); the device clamped or refused the value, check its limits";
            throw new DriverException(why); // the core logs the failed command with this reason
        }
    }

    /**
     * @param what a {@link ReadBlock} or the text naming the request: a block's text is built only
     *             when it is needed, on failure (reads run every tick)
     */
    private byte[] exchange(byte[] request, Object what) throws ModbusExceptionResponse, DriverException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            try {
                byte[] response = transport.request(config.unit(), request, config.timeout());
                silentUnits.answered(link, config.unit());
                return Pdu.check(request, response);
            } catch (ModbusProtocolException | SocketTimeoutException e) {
                last = e;
                if (LOG.isDebugEnabled()) {
                    LOG.debug("device {}: {} attempt {} failed: {}", config.device(), describe(what), attempt + 1, e.getMessage());
                }
            } catch (IOException e) {
                last = e;
                break;
            }
        }
        if (last instanceof SocketTimeoutException) {
            // every try met silence: say so first, with the budget spent, so it reads apart from the core's own timeout
            int tries = config.retries() + 1;
            String why = "device '" + config.device() + "' unit " + config.unit() + " on " + transport.describe()
                    + " did not answer (" + tries + (tries == 1 ? " try" : " tries") + " × " + config.timeout().toMillis() + " ms): "
                    + describe(what) + " failed: " + last.getMessage();
            silentUnits.noAnswer(link, config.unit(), why);
            throw new DriverException(why, last);
        }
        throw new DriverException(failure(describe(what), last), last);
    }

    private static String describe(Object what) {
        return what instanceof ReadBlock b ? what(b) : String.valueOf(what);
    }

    private String failure(String what, IOException e) {
        return "device '" + config.device() + "' unit " + config.unit() + " on " + transport.describe() + ": " + what + " failed: "
                + e.getMessage();
    }

    /** Whether the channels are the very ones (same instances, same order) of the last read. */
    private boolean sameAsLast(List<ChannelSpec> channels) {
        if (lastBlocks == null || channels.size() != lastChannels.size()) {
            return false;
        }
        if (channels == lastChannels) {
            return true; // the same immutable list (the core hands it out tick after tick): nothing to compare
        }
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i) != lastChannels.get(i)) {
                return false;
            }
        }
        return true;
    }

    private List<ModbusChannel> modbusChannels(List<ChannelSpec> channels) {
        List<ModbusChannel> out = new ArrayList<>(channels.size());
        for (ChannelSpec s : channels) {
            ModbusChannel c = config.channel(s.name());
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private static String what(ReadBlock b) {
        return "read of " + b.table().label() + "s " + b.start() + ".." + (b.start() + b.count() - 1);
    }

    private static Object typed(ModbusChannel c, Object v) {
        ChannelType t = c.spec().type();
        if (v instanceof Boolean b) {
            return t == ChannelType.INTEGER ? Long.valueOf(b ? 1 : 0) : b;
        }
        if (v instanceof Long l && t == ChannelType.DOUBLE) {
            return l.doubleValue();
        }
        if (c.type() == ValueType.STRING || t == ChannelType.STRING) {
            return String.valueOf(v);
        }
        return v;
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        throw new IllegalArgumentException("a coil takes true/false or 1/0");
    }

    @Override
    public void subscribe(List<ChannelSpec> channels) throws DriverException {
        if (!channels.isEmpty()) {
            throw new DriverException("device '" + config.device() + "': Modbus has no events; poll channels "
                    + channels.stream().map(ChannelSpec::name).toList() + " instead");
        }
    }

    @Override
    public void close() {
        silentUnits.leave(link, config.unit());
        transport.release();
        // the core reopens a device that keeps failing: its status tells that, the log needs no line per reopen
        LOG.debug("device {} closed ({})", config.device(), transport.describe());
    }
}
