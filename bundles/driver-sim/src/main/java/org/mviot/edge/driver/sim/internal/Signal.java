package org.mviot.edge.driver.sim.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.driver.DriverSettings;

/**
 * A simulated channel: a function of time (and, for some, of its own past), chosen by the channel's
 * {@code address.signal}. Not thread-safe: its device serializes calls.
 */
sealed interface Signal {

    /**
     * @param now current time in ms
     * @return the value now, of the channel's type
     */
    Object read(long now);

    /**
     * @param value a written value
     * @throws IllegalStateException when the signal is read-only
     */
    default void write(Object value) {
        throw new IllegalStateException("signal is read-only");
    }

    /** {@code amplitude * sin(2π t / period) + offset}. */
    record Sine(double amplitude, double periodMillis, double offset, ChannelType type) implements Signal {
        @Override
        public Object read(long now) {
            return number(amplitude * Math.sin(2 * Math.PI * (now % (long) periodMillis) / periodMillis) + offset, type);
        }
    }

    /** From {@code min} up to {@code max} over the period, then again. */
    record Ramp(double min, double max, double periodMillis, ChannelType type) implements Signal {
        @Override
        public Object read(long now) {
            return number(min + (max - min) * (now % (long) periodMillis) / periodMillis, type);
        }
    }

    /** {@code true} for half the period, {@code false} for the other half; as a number 1 and 0. */
    record Square(double periodMillis, ChannelType type) implements Signal {
        @Override
        public Object read(long now) {
            boolean high = (now % (long) periodMillis) < periodMillis / 2;
            return type == ChannelType.BOOLEAN ? (Object) high : number(high ? 1 : 0, type);
        }
    }

    /** A random walk within bounds, seeded so a run can be repeated. */
    final class RandomWalk implements Signal {
        private final double step;
        private final double min;
        private final double max;
        private final ChannelType type;
        private final SplittableRandom random;
        private double value;

        RandomWalk(double start, double step, double min, double max, long seed, ChannelType type) {
            this.step = step;
            this.min = min;
            this.max = max;
            this.type = type;
            this.random = new SplittableRandom(seed);
            this.value = start;
        }

        @Override
        public Object read(long now) {
            value = Math.max(min, Math.min(max, value + (random.nextDouble() * 2 - 1) * step));
            return number(value, type);
        }
    }

    /** Counts up by {@code step} at each read; a double channel gets the count as a double. */
    final class Counter implements Signal {
        private final long step;
        private final boolean asDouble;
        private long value;

        Counter(long start, long step, boolean asDouble) {
            this.value = start;
            this.step = step;
            this.asDouble = asDouble;
        }

        @Override
        public Object read(long now) {
            long v = value;
            value += step;
            return asDouble ? (Object) (double) v : (Object) v;
        }
    }

    /** Holds what was written and reads it back. */
    final class Setpoint implements Signal {
        private Object value;

        Setpoint(Object initial) {
            this.value = initial;
        }

        @Override
        public Object read(long now) {
            return value;
        }

        @Override
        public void write(Object v) {
            value = v;
        }
    }

    private static Object number(double v, ChannelType type) {
        return switch (type) {
            case INTEGER -> Math.round(v);
            case BOOLEAN -> v != 0;
            case STRING -> Double.toString(v);
            default -> v;
        };
    }

    /**
     * Makes a signal from a channel's address settings. Wrong settings are recorded in the device's
     * settings reader, each at its key path; the signal then uses the defaults, so every problem of
     * the device is found in one pass.
     *
     * @param channel the channel
     * @param a       its address settings
     * @return the signal
     */
    static Signal of(ChannelSpec channel, DriverSettings.Section a) {
        ChannelType type = channel.type();
        String kind = a.choice("signal", null, "sine", "ramp", "square", "toggle", "randomwalk", "counter", "setpoint");
        if (kind == null) {
            if (!a.has("signal")) {
                a.required("signal", "one of sine, ramp, square, toggle, randomwalk, counter, setpoint");
            }
            return new Setpoint(initial(type, a));
        }
        return switch (kind) {
            case "sine" -> {
                a.onlyKeys("signal", "interval", "amplitude", "period", "offset");
                yield new Sine(number(a, "amplitude", 1), period(a, 10_000), number(a, "offset", 0), type);
            }
            case "ramp" -> {
                a.onlyKeys("signal", "interval", "min", "max", "period");
                yield new Ramp(number(a, "min", 0), number(a, "max", 100), period(a, 60_000), type);
            }
            case "square", "toggle" -> {
                a.onlyKeys("signal", "interval", "period");
                yield new Square(period(a, 2_000), type);
            }
            case "randomwalk" -> {
                a.onlyKeys("signal", "interval", "start", "step", "min", "max", "seed");
                yield new RandomWalk(number(a, "start", 0), number(a, "step", 1), number(a, "min", -1e9), number(a, "max", 1e9),
                        a.longInteger("seed", channel.name().hashCode(), Long.MIN_VALUE, Long.MAX_VALUE), type);
            }
            case "counter" -> {
                a.onlyKeys("signal", "interval", "start", "step");
                if (type != ChannelType.INTEGER && type != ChannelType.DOUBLE) {
                    a.problem("signal", "a counter is an integer or double channel, not " + type.name().toLowerCase(Locale.ROOT));
                }
                long start = a.longInteger("start", 0, Long.MIN_VALUE, Long.MAX_VALUE);
                long step = a.longInteger("step", 1, Long.MIN_VALUE, Long.MAX_VALUE);
                yield type == ChannelType.DOUBLE ? new Counter(start, step, true) : new Counter(start, step, false);
            }
            default -> {
                a.onlyKeys("signal", "interval", "initial");
                yield new Setpoint(initial(type, a));
            }
        };
    }

    /** The initial value of a setpoint, of the channel's type. */
    private static Object initial(ChannelType type, DriverSettings.Section a) {
        return switch (type) {
            case BOOLEAN -> {
                String v = a.string("initial", "false");
                yield "1".equals(v) || !"0".equals(v) && a.flag("initial", false);
            }
            case INTEGER -> a.longInteger("initial", 0, Long.MIN_VALUE, Long.MAX_VALUE);
            case DOUBLE -> number(a, "initial", 0);
            case STRING -> a.string("initial", "0");
        };
    }

    private static double number(DriverSettings.Section a, String key, double dflt) {
        return a.number(key, dflt, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    /** A signal's period in milliseconds: a duration in the core's grammar (a bare number is milliseconds). */
    private static double period(DriverSettings.Section a, long dfltMillis) {
        return a.duration("period", Duration.ofMillis(dfltMillis), Duration.ofMillis(1), Duration.ofDays(365)).toMillis();
    }
}
