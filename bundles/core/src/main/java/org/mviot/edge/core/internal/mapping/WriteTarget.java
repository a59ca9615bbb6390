package org.mviot.edge.core.internal.mapping;

import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.core.internal.descriptor.ChannelConfig;
import org.mviot.edge.core.internal.log.LogSafe;

/**
 * A writable channel reached from a twin property, with the inverse transform and checks of the
 * reverse mapping (IR-RecR-3).
 *
 * @param device  device id
 * @param channel the channel
 */
public record WriteTarget(String device, ChannelConfig channel) {

    /** A command value the channel cannot take; the message names device and channel. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }
    }

    /**
     * Checks a twin value and turns it into the device value: type, range (in the twin's unit), then
     * the inverse of scale and offset.
     *
     * @param twinValue the value the command asks for
     * @return the device value: {@link Boolean}, {@link Long}, {@link Double} or {@link String}
     * @throws Refusal naming device, channel and what was expected
     */
    public Object toDevice(Object twinValue) throws Refusal {
        String who = "device '" + device + "' channel '" + channel.spec().name() + "'";
        ChannelType type = channel.spec().type();
        switch (type) {
            case BOOLEAN -> {
                if (twinValue instanceof Boolean b) {
                    return b;
                }
                throw new Refusal(who + ": expects a boolean, got " + describe(twinValue));
            }
            case STRING -> {
                if (twinValue instanceof String s) {
                    return s;
                }
                throw new Refusal(who + ": expects a string, got " + describe(twinValue));
            }
            default -> {
                if (!(twinValue instanceof Number n) || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
                    throw new Refusal(who + ": expects a number, got " + describe(twinValue));
                }
                double v = n.doubleValue();
                Range r = channel.spec().range();
                if (!r.contains(v)) {
                    throw new Refusal(who + ": " + v + " is out of range [" + r.min() + ", " + r.max() + "]"
                            + (channel.spec().unit().isEmpty() ? "" : " " + channel.spec().unit()));
                }
                double raw = (v - channel.offset()) / channel.scale();
                if (type == ChannelType.DOUBLE) {
                    return raw;
                }
                boolean transforms = channel.scale() != 1.0 || channel.offset() != 0.0;
                if (!transforms && (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte)) {
                    return n.longValue(); // all 64 bits: a double would round beyond 2^53
                }
                if (!transforms && raw != Math.rint(raw)) {
                    throw new Refusal(who + ": expects an integer, got " + v);
                }
                return Math.round(raw);
            }
        }
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        String kind = v instanceof Boolean ? "boolean" : v instanceof Number ? "number" : v instanceof String ? "string" : v.getClass().getSimpleName();
        return kind + " " + LogSafe.value(v); // the reason goes back to the sender and into the log: bounded
    }
}
