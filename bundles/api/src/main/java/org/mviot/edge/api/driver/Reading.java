package org.mviot.edge.api.driver;

import java.util.Objects;

import org.mviot.edge.api.sample.Quality;

/**
 * What a driver read from one channel. The core stamps it with the gateway clock unless the device
 * gave its own time.
 *
 * @param channel         channel name
 * @param value           {@link Boolean}, {@link Long}, {@link Double} or {@link String}; {@code null} when the read failed
 * @param quality         quality as the driver sees it ({@link Quality#BAD} when the read failed)
 * @param deviceTimestamp the device's own time in milliseconds since the epoch, or 0 when it has none
 * @param error           why the read failed, empty when it did not
 */
public record Reading(String channel, Object value, Quality quality, long deviceTimestamp, String error) {

    /**
     * Checks the fields.
     *
     * @param channel         channel
     * @param value           value
     * @param quality         quality
     * @param deviceTimestamp device time or 0
     * @param error           error or empty
     */
    public Reading {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(quality, "quality");
        error = error == null ? "" : error;
    }

    /**
     * @param channel channel name
     * @param value   the value read
     * @return a good reading without device time
     */
    public static Reading good(String channel, Object value) {
        return new Reading(channel, value, Quality.GOOD, 0, "");
    }

    /**
     * @param channel channel name
     * @param error   why the read failed
     * @return a failed reading
     */
    public static Reading failed(String channel, String error) {
        return new Reading(channel, null, Quality.BAD, 0, error);
    }
}
