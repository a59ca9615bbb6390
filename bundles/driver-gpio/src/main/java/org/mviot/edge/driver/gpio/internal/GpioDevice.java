package org.mviot.edge.driver.gpio.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;

/**
 * One open GPIO device: its pins opened in the driver's Pi4J context. Inputs push their level on
 * each debounced edge (event channels) with the time the edge was seen; counters count pulses;
 * outputs and PWM follow writes and go to their safe state on {@link #close()}.
 */
final class GpioDevice implements DeviceConnection {

    private static final Logger LOG = LoggerFactory.getLogger(GpioDevice.class);

    private final DeviceDescriptor device;
    private final DeviceListener listener;
    private final Context pi4j;
    private final BoardPins board;
    private final EdgeClock clock;
    private final ScheduledExecutorService events;
    private final java.util.function.Consumer<Map<Integer, String>> onClose;
    private final List<String> ioIds = new ArrayList<>();
    private final Map<Integer, WatchedInput> inputs = new HashMap<>();
    private final Map<Integer, PulseCounter> counters = new HashMap<>();
    private final Map<String, DigitalOutput> outputs = new HashMap<>();
    private final Map<String, Pwm> pwms = new HashMap<>();
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final List<ScheduledFuture<?>> ratePushes = new ArrayList<>();
    private volatile Set<String> subscribed = Set.of();
    private boolean closed;

    /**
     * Opens every pin of the device; on a failure, closes what was opened and throws.
     */
    GpioDevice(DeviceDescriptor device, GpioSettings settings, DeviceListener listener, Context pi4j, BoardPins board, String openHint, EdgeClock clock,
               ScheduledExecutorService events, java.util.function.Consumer<Map<Integer, String>> onClose) throws DriverException {
        this.device = device;
        this.listener = listener;
        this.pi4j = pi4j;
        this.board = board;
        this.clock = clock;
        this.events = events;
        this.onClose = onClose;
        try {
            for (Line l : settings.lines()) {
                lines.put(l.channel().name(), l);
            }
            for (Line l : settings.lines()) {
                open(l);
            }
            Map<Integer, List<WatchedInput.EdgeSink>> sinks = new HashMap<>();
            for (Line l : settings.lines()) {
                WatchedInput.EdgeSink sink = sink(l);
                if (sink != null) {
                    sinks.computeIfAbsent(l.bcm(), k -> new ArrayList<>()).add(sink);
                }
            }
            sinks.forEach((pin, list) -> inputs.get(pin).sinks(list));
        } catch (RuntimeException | LinkageError e) {
            close();
            throw new DriverException("device '" + device.id() + "': cannot open its pins on board " + board.board() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + openHint);
        }
    }

    private void open(Line l) {
        String id = "gpio" + l.bcm() + (l instanceof Line.Pwm ? "-pwm" : "");
        if (l instanceof Line.Input in) {
            input(id, in.bcm(), in.pull(), in.debounce().toNanos(), in.invert());
        } else if (l instanceof Line.Counter c) {
            input(id, c.bcm(), c.pull(), c.debounce().toNanos(), c.invert());
            // the rate interval is the rate channel's, when the pin has one
            Line.Counter timing = lines.values().stream().filter(x -> x instanceof Line.Counter rc && rc.bcm() == c.bcm()
                    && rc.value() == Line.CounterValue.RATE).map(Line.Counter.class::cast).findFirst().orElse(c);
            counters.computeIfAbsent(c.bcm(), k -> new PulseCounter(timing.interval().toNanos(), clock.nanos()));
        } else if (l instanceof Line.Output o) {
            DigitalOutput out = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).address(o.bcm())
                    .initial(state(o.initial() != o.invert())).shutdown(state(o.safe() != o.invert())).build());
            ioIds.add(id);
            outputs.put(o.channel().name(), out);
        } else if (l instanceof Line.Pwm p) {
            Pwm pwm = pi4j.create(Pwm.newConfigBuilder(pi4j).id(id).address(p.bcm()).pwmType(PwmType.HARDWARE)
                    .frequency(p.frequency()).initial(p.initial()).shutdown(p.safe()).build());
            ioIds.add(id);
            pwm.on(p.initial(), p.frequency());
            pwms.put(p.channel().name(), pwm);
        }
    }

    private void input(String id, int bcm, Line.Pull pull, long debounceNanos, boolean invert) {
        if (inputs.containsKey(bcm)) {
            return; // two counter channels share one pin
        }
        DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(id).address(bcm).pull(switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case NONE -> PullResistance.OFF;
        }).debounce(0L).build()); // Pi4J's own debounce off: ours runs on the injectable clock
        ioIds.add(id);
        inputs.put(bcm, new WatchedInput(in, invert, debounceNanos, clock, events));
    }

    /**
     * What each kind of channel does with an accepted edge of its pin: pushed to the core as primitives
     * ({@link DeviceListener#onValue(ChannelSpec, boolean, long)}), so an edge allocates nothing here.
     */
    private WatchedInput.EdgeSink sink(Line l) {
        if (l instanceof Line.Input in) {
            ChannelSpec channel = in.channel();
            String name = channel.name();
            Line.Edge edge = in.edge();
            return (level, millis, nanos) -> {
                if (matches(edge, level) && subscribed.contains(name)) {
                    listener.onValue(channel, level, millis);
                }
            };
        }
        if (l instanceof Line.Counter c) {
            PulseCounter counter = counters.get(c.bcm());
            // two counter channels on one pin share the count: only the first one counts
            boolean counts = c == firstCounterOn(c.bcm());
            ChannelSpec channel = c.channel();
            String name = channel.name();
            Line.Edge edge = c.edge();
            boolean pushesCount = c.value() == Line.CounterValue.COUNT;
            return (level, millis, nanos) -> {
                if (!matches(edge, level)) {
                    return;
                }
                if (counts) {
                    counter.pulse(nanos);
                }
                if (pushesCount && subscribed.contains(name)) {
                    listener.onValue(channel, counter.count(), millis);
                }
            };
        }
        return null;
    }

    /**
     * @param bcm a pin
     * @return the pin's input listener (the allocation test drives it directly, past Pi4J's own event), or null
     */
    WatchedInput watched(int bcm) {
        return inputs.get(bcm);
    }

    private Line firstCounterOn(int bcm) {
        return lines.values().stream().filter(x -> x instanceof Line.Counter && x.bcm() == bcm).findFirst().orElseThrow();
    }

    private static boolean matches(Line.Edge edge, boolean level) {
        return edge == Line.Edge.BOTH || (edge == Line.Edge.RISING) == level;
    }

    private static DigitalState state(boolean high) {
        return high ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public List<Reading> read(List<ChannelSpec> channels) {
        List<Reading> out = new ArrayList<>(channels.size());
        for (ChannelSpec c : channels) {
            out.add(read(c.name()));
        }
        return out;
    }

    private Reading read(String channel) {
        Line l = lines.get(channel);
        if (l == null) {
            return Reading.failed(channel, "device '" + device.id() + "' has no GPIO channel '" + channel + "'");
        }
        try {
            if (l instanceof Line.Input in) {
                return Reading.good(channel, inputs.get(in.bcm()).level());
            }
            if (l instanceof Line.Counter c) {
                PulseCounter counter = counters.get(c.bcm());
                return c.value() == Line.CounterValue.COUNT ? Reading.good(channel, counter.count())
                        : Reading.good(channel, counter.rate(clock.nanos()));
            }
            if (l instanceof Line.Output o) {
                return Reading.good(channel, outputs.get(channel).state().isHigh() != o.invert());
            }
            return Reading.good(channel, (double) pwms.get(channel).getDutyCycle());
        } catch (RuntimeException e) {
            return Reading.failed(channel, board.name(l.bcm()) + ": " + e.getMessage());
        }
    }

    @Override
    public void write(ChannelSpec channel, Object value) throws DriverException {
        Line l = lines.get(channel.name());
        if (l == null) {
            throw new DriverException("device '" + device.id() + "' has no GPIO channel '" + channel.name() + "'");
        }
        try {
            if (l instanceof Line.Output o && value instanceof Boolean b) {
                outputs.get(channel.name()).state(state(b != o.invert()));
            } else if (l instanceof Line.Pwm p && value instanceof Double d) {
                if (!(d >= 0 && d <= 100)) {
                    throw new DriverException("device '" + device.id() + "' channel '" + channel.name() + "': duty cycle " + d
                            + " % is outside 0..100 %");
                }
                pwms.get(channel.name()).on(d, p.frequency());
            } else {
                throw new DriverException("device '" + device.id() + "' channel '" + channel.name() + "' (" + board.name(l.bcm())
                        + ") cannot be written with " + (value == null ? "null" : value.getClass().getSimpleName())
                        + ": outputs take true/false, PWM outputs a duty cycle in %");
            }
        } catch (RuntimeException e) {
            throw new DriverException("device '" + device.id() + "' channel '" + channel.name() + "': " + board.name(l.bcm())
                    + " refused the write: " + e.getMessage());
        }
    }

    @Override
    public synchronized void subscribe(List<ChannelSpec> channels) {
        ratePushes.forEach(f -> f.cancel(false));
        ratePushes.clear();
        subscribed = Set.copyOf(channels.stream().map(ChannelSpec::name).toList());
        for (ChannelSpec c : channels) {
            if (lines.get(c.name()) instanceof Line.Counter rc && rc.value() == Line.CounterValue.RATE) {
                long every = rc.interval().toNanos();
                PulseCounter counter = counters.get(rc.bcm());
                ratePushes.add(events.scheduleAtFixedRate(() -> listener.onValue(c, counter.rate(clock.nanos()), clock.millis()),
                        every, every, TimeUnit.NANOSECONDS));
            }
        }
    }

    /**
     * The device's outputs go to their safe state, its pins are released, and the driver is told the
     * level each output was left at. Never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ratePushes.forEach(f -> f.cancel(false));
        inputs.values().forEach(WatchedInput::close);
        for (Map.Entry<String, DigitalOutput> o : outputs.entrySet()) {
            Line.Output l = (Line.Output) lines.get(o.getKey());
            try {
                o.getValue().state(state(l.safe() != l.invert()));
            } catch (RuntimeException e) {
                LOG.warn("device '{}' channel '{}': {} could not be put into its safe state {}: {}", device.id(), o.getKey(), board.name(l.bcm()),
                        l.safe(), e.getMessage());
            }
        }
        for (Map.Entry<String, Pwm> p : pwms.entrySet()) {
            Line.Pwm l = (Line.Pwm) lines.get(p.getKey());
            try {
                if (l.safe() == 0) {
                    p.getValue().off();
                } else {
                    p.getValue().on(l.safe(), l.frequency());
                }
            } catch (RuntimeException e) {
                LOG.warn("device '{}' channel '{}': {} could not be put into its safe duty cycle {} %: {}", device.id(), p.getKey(),
                        board.name(l.bcm()), l.safe(), e.getMessage());
            }
        }
        Map<Integer, String> released = new HashMap<>();
        for (Map.Entry<String, DigitalOutput> o : outputs.entrySet()) {
            try {
                released.put(lines.get(o.getKey()).bcm(), o.getValue().state().isHigh() ? "high" : "low");
            } catch (RuntimeException e) {
                // reported above
            }
        }
        for (Map.Entry<String, Pwm> p : pwms.entrySet()) {
            try {
                released.put(lines.get(p.getKey()).bcm(), p.getValue().isOn() ? Float.toString(p.getValue().getDutyCycle()) : "off");
            } catch (RuntimeException e) {
                // reported above
            }
        }
        for (String id : ioIds) {
            try {
                // Pi4J's shutdown of an output applies its configured shutdown (safe) state again
                pi4j.shutdown(id);
            } catch (Exception e) {
                LOG.debug("device '{}': Pi4J io {} did not shut down cleanly: {}", device.id(), id, e.getMessage());
            }
        }
        onClose.accept(released);
    }
}
