package org.mviot.edge.driver.gpio.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.DriverSettings;

/**
 * A GPIO device's settings, read in one pass with the api's {@link DriverSettings}. No connection
 * settings; each channel's {@code address}:
 *
 * <ul>
 * <li>{@code pin} (BCM number 0..27) or {@code header} (position 1..40 on the profile's header map);</li>
 * <li>{@code mode}: {@code input} (boolean), {@code counter} (integer count or double rate),
 * {@code output} (boolean, writable), {@code pwm} (double duty cycle 0..100 %, writable);</li>
 * <li>inputs and counters: {@code pull} (up/down/none, default none), {@code edge}
 * (rising/falling/both, default both for inputs, falling for counters), {@code debounce} (a duration,
 * default 0 for inputs, 5ms for counters), {@code invert};</li>
 * <li>counters: {@code value} (count/rate, default count), {@code interval} (rate interval, default 60s);</li>
 * <li>outputs: {@code initial}, {@code safe} (true/false, default false), {@code invert};</li>
 * <li>pwm: {@code frequency} (Hz, default 1000), {@code initial}, {@code safe} (duty %, default 0).</li>
 * </ul>
 *
 * @param lines one line per channel
 */
record GpioSettings(List<Line> lines) {

    private static final Duration MAX_DEBOUNCE = Duration.ofSeconds(10);

    /**
     * @param device the descriptor
     * @param board  the board's pins
     * @return the settings
     * @throws DriverException carrying every wrong setting, each at its key path
     */
    static GpioSettings read(DeviceDescriptor device, BoardPins board) throws DriverException {
        DriverSettings s = DriverSettings.of(device);
        s.connection().onlyKeys();
        List<Line> lines = new ArrayList<>();
        Map<Integer, Line> byPin = new HashMap<>();
        for (ChannelSpec ch : device.channels()) {
            DriverSettings.Section a = s.address(ch);
            String mode = a.choice("mode", null, "input", "counter", "output", "pwm");
            if (mode == null) {
                if (!a.has("mode")) {
                    a.required("mode", "one of input, counter, output, pwm");
                }
                continue;
            }
            int bcm = pin(a, board);
            Line line = switch (mode) {
                case "input" -> input(ch, a, bcm);
                case "counter" -> counter(ch, a, bcm);
                case "output" -> output(ch, a, bcm);
                default -> pwm(ch, a, bcm);
            };
            if (bcm < 0) {
                continue;
            }
            Line other = byPin.putIfAbsent(bcm, line);
            if (other != null && !(other instanceof Line.Counter oc && line instanceof Line.Counter lc && sameInput(oc, lc))) {
                a.problem(a.has("header") ? "header" : "pin", board.name(bcm) + " is already used by channel '" + other.channel().name()
                        + "' (only counter channels with the same pull, edge, debounce and invert, at most one of them a rate, may share a pin)");
            }
            lines.add(line);
        }
        s.check();
        return new GpioSettings(List.copyOf(lines));
    }

    /** The pins the device uses, without repeats. */
    List<Integer> pins() {
        return List.copyOf(new TreeSet<>(lines.stream().map(Line::bcm).toList()));
    }

    private static boolean sameInput(Line.Counter a, Line.Counter b) {
        return a.pull() == b.pull() && a.edge() == b.edge() && a.debounce().equals(b.debounce()) && a.invert() == b.invert()
                && !(a.value() == Line.CounterValue.RATE && b.value() == Line.CounterValue.RATE);
    }

    /** The BCM number from {@code pin} or {@code header}; -1 (and a problem) when missing or wrong. */
    private static int pin(DriverSettings.Section a, BoardPins board) {
        if (a.has("pin") == a.has("header")) {
            a.problem(a.has("pin") ? "header" : "pin", "give exactly one of pin (BCM GPIO number) and header (position on the 40-pin header)");
            return -1;
        }
        try {
            if (a.has("header")) {
                int pos = a.integer("header", -1, 1, 40);
                return pos < 0 ? -1 : board.bcmAtHeader(pos);
            }
            int bcm = a.integer("pin", -1, 0, 63);
            if (bcm >= 0) {
                board.checkBcm(bcm);
            }
            return bcm;
        } catch (IllegalArgumentException e) {
            a.problem(a.has("header") ? "header" : "pin", e.getMessage());
            return -1;
        }
    }

    private static Line input(ChannelSpec ch, DriverSettings.Section a, int bcm) {
        a.onlyKeys("mode", "pin", "header", "pull", "edge", "debounce", "invert");
        type(ch, a, ChannelType.BOOLEAN, "an input");
        readOnly(ch, a, "an input");
        return new Line.Input(ch, bcm, a.choice("pull", Line.Pull.class, Line.Pull.NONE), a.choice("edge", Line.Edge.class, Line.Edge.BOTH),
                a.duration("debounce", Duration.ZERO, Duration.ZERO, MAX_DEBOUNCE), a.flag("invert", false));
    }

    private static Line counter(ChannelSpec ch, DriverSettings.Section a, int bcm) {
        a.onlyKeys("mode", "pin", "header", "pull", "edge", "debounce", "invert", "value", "interval");
        readOnly(ch, a, "a counter");
        Line.CounterValue value = a.choice("value", Line.CounterValue.class, Line.CounterValue.COUNT);
        type(ch, a, value == Line.CounterValue.COUNT ? ChannelType.INTEGER : ChannelType.DOUBLE, "a counter's " + value.name().toLowerCase());
        return new Line.Counter(ch, bcm, a.choice("pull", Line.Pull.class, Line.Pull.NONE), a.choice("edge", Line.Edge.class, Line.Edge.FALLING),
                a.duration("debounce", Duration.ofMillis(5), Duration.ZERO, MAX_DEBOUNCE), a.flag("invert", false), value,
                a.duration("interval", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofDays(1)));
    }

    private static Line output(ChannelSpec ch, DriverSettings.Section a, int bcm) {
        a.onlyKeys("mode", "pin", "header", "initial", "safe", "invert");
        type(ch, a, ChannelType.BOOLEAN, "an output");
        polled(ch, a, "an output");
        return new Line.Output(ch, bcm, a.flag("initial", false), a.flag("safe", false), a.flag("invert", false));
    }

    private static Line pwm(ChannelSpec ch, DriverSettings.Section a, int bcm) {
        a.onlyKeys("mode", "pin", "header", "frequency", "initial", "safe");
        type(ch, a, ChannelType.DOUBLE, "a PWM output");
        polled(ch, a, "a PWM output");
        return new Line.Pwm(ch, bcm, a.integer("frequency", 1000, 1, 50_000_000), a.number("initial", 0, 0, 100), a.number("safe", 0, 0, 100));
    }

    private static void type(ChannelSpec ch, DriverSettings.Section a, ChannelType expected, String what) {
        if (ch.type() != expected) {
            a.problem("mode", what + " is a " + expected.name().toLowerCase() + " channel, not " + ch.type().name().toLowerCase());
        }
    }

    private static void readOnly(ChannelSpec ch, DriverSettings.Section a, String what) {
        if (ch.access().writable()) {
            a.problem("mode", what + " cannot be written; make the channel read-only or its mode output");
        }
    }

    private static void polled(ChannelSpec ch, DriverSettings.Section a, String what) {
        if (ch.acquisition() instanceof Acquisition.Event) {
            a.problem("mode", what + " changes only when written: poll it (it reads back the level set) instead of an event channel");
        }
    }
}
