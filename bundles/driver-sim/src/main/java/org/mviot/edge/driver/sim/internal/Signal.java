package org.mviot.edge.driver.sim.internal;

import java.util.Map;
import java.util.SplittableRandom;

import org.mviot.edge.api.device.ChannelType;

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

    /** Counts up by {@code step} at each read. */
    final class Counter implements Signal {
        private final long step;
        private long value;

        Counter(long start, long step) {
            this.value = start;
            this.step = step;
        }

        @Override
        public Object read(long now) {
            long v = value;
            value += step;
            return v;
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
     * Makes a signal from a channel's address settings.
     *
     * @param device  device id, for messages
     * @param channel channel name
     * @param type    channel type
     * @param a       address settings
     * @return the signal
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    static Signal of(String device, String channel, ChannelType type, Map<String, String> a) {
        String who = "device '" + device + "' channel '" + channel + "'";
        String kind = a.getOrDefault("signal", "");
        return switch (kind) {
            case "sine" -> new Sine(num(a, "amplitude", 1, who), positive(a, "period", 10_000, who), num(a, "offset", 0, who), type);
            case "ramp" -> new Ramp(num(a, "min", 0, who), num(a, "max", 100, who), positive(a, "period", 60_000, who), type);
            case "square", "toggle" -> new Square(positive(a, "period", 2_000, who), type);
            case "randomwalk" -> new RandomWalk(num(a, "start", 0, who), num(a, "step", 1, who), num(a, "min", -1e9, who),
                    num(a, "max", 1e9, who), (long) num(a, "seed", channel.hashCode(), who), type);
            case "counter" -> {
                if (type != ChannelType.INTEGER && type != ChannelType.DOUBLE) {
                    throw new IllegalArgumentException(who + ": a counter is an integer or double channel, not " + type);
                }
                yield new Counter((long) num(a, "start", 0, who), (long) num(a, "step", 1, who));
            }
            case "setpoint" -> new Setpoint(initial(type, a.getOrDefault("initial", "0"), who));
            default -> throw new IllegalArgumentException(who + ": address.signal '" + kind
                    + "' is not one of sine, ramp, square, toggle, randomwalk, counter, setpoint");
        };
    }

    private static Object initial(ChannelType type, String s, String who) {
        try {
            return switch (type) {
                case BOOLEAN -> Boolean.parseBoolean(s) || "1".equals(s);
                case INTEGER -> Long.parseLong(s);
                case DOUBLE -> Double.parseDouble(s);
                case STRING -> s;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(who + ": address.initial '" + s + "' is not a " + type.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static double num(Map<String, String> a, String key, double dflt, String who) {
        String s = a.get(key);
        if (s == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(who + ": address." + key + " '" + s + "' is not a number");
        }
    }

    private static double positive(Map<String, String> a, String key, double dflt, String who) {
        double d = num(a, key, dflt, who);
        if (d <= 0) {
            throw new IllegalArgumentException(who + ": address." + key + " must be a positive number of milliseconds, was " + d);
        }
        return d;
    }
}
