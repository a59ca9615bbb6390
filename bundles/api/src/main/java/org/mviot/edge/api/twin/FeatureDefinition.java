package org.mviot.edge.api.twin;

import java.util.Objects;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;

/**
 * How one channel of a device appears in its twin: the generated part of the virtual object.
 *
 * @param feature     feature id
 * @param path        property path within the feature
 * @param channel     channel name on the device
 * @param type        value type in the twin
 * @param unit        engineering unit in the twin
 * @param access      whether the twin may set it (desired property) or only report it
 * @param range       allowed values in the twin's unit
 * @param derived     whether the gateway computes it from other channels instead of reading it
 * @param description human-readable description
 */
public record FeatureDefinition(String feature, String path, String channel, ChannelType type, String unit, Access access,
                                Range range, boolean derived, String description) {

    /**
     * Checks the fields.
     *
     * @param feature     feature
     * @param path        path
     * @param channel     channel
     * @param type        type
     * @param unit        unit
     * @param access      access
     * @param range       range
     * @param derived     derived
     * @param description description
     */
    public FeatureDefinition {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(access, "access");
        unit = unit == null ? "" : unit;
        range = range == null ? Range.UNBOUNDED : range;
        description = description == null ? "" : description;
    }
}
