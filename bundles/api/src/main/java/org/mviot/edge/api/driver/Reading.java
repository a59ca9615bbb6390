package org.mviot.edge.api.driver;

import java.util.Locale;
import java.util.Objects;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.sample.Quality;

/**
 * What a driver read from one channel. The core stamps it with the gateway clock unless the device
 * gave its own time.
 *
 * <p>A reading checks its value when it is made, so a driver's mistake shows where it is made and
 * not as a strange value in the twin: the value is a {@link Boolean}, {@link Long}, {@link Double}
 * or {@link String} (an {@link Integer} or a {@link Float} is refused: convert it), and it is
 * {@code null} only in a reading of quality {@link Quality#BAD}. {@link #good(ChannelSpec, Object)}
 * also checks the value against the channel's type.
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
     * @throws IllegalArgumentException when the value is of a class no channel type carries, or
     *                                  missing while the quality is not {@link Quality#BAD}
     */
    public Reading {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(quality, "quality");
        error = error == null ? "" : error;
        if (value == null && quality != Quality.BAD) {
            throw new IllegalArgumentException("reading of channel '" + channel + "': a value is required unless the quality is BAD, quality was "
                    + quality);
        }
        if (value != null && ChannelType.carrying(value) == null) {
            throw new IllegalArgumentException("reading of channel '" + channel + "': a value is a Boolean, Long, Double or String, not "
                    + value.getClass().getName());
        }
    }

    /**
     * @param channel channel name
     * @param value   the value read
     * @return a good reading without device time
     * @throws IllegalArgumentException when the value is not a Boolean, Long, Double or String
     */
    public static Reading good(String channel, Object value) {
        return new Reading(channel, value, Quality.GOOD, 0, "");
    }

    /**
     * A good reading whose value is checked against the channel's type: the form to use when the
     * driver has the channel at hand.
     *
     * @param channel the channel read
     * @param value   the value read, of the channel's type ({@link ChannelType#javaType()})
     * @return a good reading without device time
     * @throws IllegalArgumentException naming the channel, its type and the value's class when they do not match
     */
    public static Reading good(ChannelSpec channel, Object value) {
        if (!channel.type().carries(value)) {
            throw new IllegalArgumentException("reading of channel '" + channel.name() + "': the channel's type "
                    + channel.type().name().toLowerCase(Locale.ROOT) + " is carried as " + channel.type().javaType().getSimpleName() + ", not "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return good(channel.name(), value);
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
