package org.mviot.edge.api.sample;

import java.util.Objects;

import org.mviot.edge.api.time.TimeSource;

/**
 * A channel's value at a timestamp, with its quality and where its time came from.
 *
 * @param device     device id
 * @param channel    channel name
 * @param value      {@link Boolean}, {@link Long}, {@link Double} or {@link String}; {@code null} only when quality is {@link Quality#BAD}
 * @param timestamp  milliseconds since the epoch (UTC)
 * @param quality    how far the value can be trusted
 * @param timeSource where the timestamp came from: synchronized clock, unsynchronized system clock, or the device
 */
public record Sample(String device, String channel, Object value, long timestamp, Quality quality, TimeSource timeSource) {

    /**
     * Checks the fields.
     *
     * @param device     device id
     * @param channel    channel name
     * @param value      value
     * @param timestamp  time
     * @param quality    quality
     * @param timeSource time source
     */
    public Sample {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(timeSource, "timeSource");
        if (value == null ? quality != Quality.BAD
                : !(value instanceof Boolean || value instanceof Long || value instanceof Double || value instanceof String)) {
            throw new IllegalArgumentException("sample " + device + "/" + channel
                    + ": value must be Boolean, Long, Double or String (null only with quality BAD), was " + value);
        }
    }

    /**
     * @return the value as a number (booleans as 1 and 0), or NaN when it is not numeric
     */
    public double numeric() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return Double.NaN;
    }
}
