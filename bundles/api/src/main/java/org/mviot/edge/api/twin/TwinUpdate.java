package org.mviot.edge.api.twin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What goes up to the cloud for one twin. Every update of a thing carries a sequence number that
 * grows by one per update of that thing, so the cloud can detect loss and reordering.
 */
@ProviderType
public sealed interface TwinUpdate permits TwinUpdate.Changes, TwinUpdate.Definition {

    /**
     * @return the twin
     */
    ThingId thing();

    /**
     * @return the per-thing sequence number: it grows with every update of the thing and keeps
     *         growing across restarts of the gateway (each start continues above the last one)
     */
    long sequence();

    /**
     * Reported property values that changed (IR-RecR-4). Several changes of one thing within the
     * merge window travel together.
     *
     * @param thing    the twin
     * @param sequence per-thing sequence number
     * @param changes  the changed properties, at most one per feature and path
     */
    record Changes(ThingId thing, long sequence, List<PropertyChange> changes) implements TwinUpdate {
        /**
         * Checks the fields and copies the list.
         *
         * @param thing    thing
         * @param sequence sequence
         * @param changes  changes
         */
        public Changes {
            Objects.requireNonNull(thing, "thing");
            changes = List.copyOf(changes);
        }
    }

    /**
     * The twin generated from a device's self-description (IR-RecR-2): sent when the device appears
     * or its descriptor changes, before any of its values.
     *
     * @param thing      the twin
     * @param sequence   per-thing sequence number
     * @param device     the device id
     * @param driver     the device's driver
     * @param attributes descriptive attributes (description, descriptor origin)
     * @param features   one entry per mapped channel
     */
    record Definition(ThingId thing, long sequence, String device, String driver, Map<String, String> attributes,
                      List<FeatureDefinition> features) implements TwinUpdate {
        /**
         * Checks the fields and copies the collections.
         *
         * @param thing      thing
         * @param sequence   sequence
         * @param device     device
         * @param driver     driver
         * @param attributes attributes
         * @param features   features
         */
        public Definition {
            Objects.requireNonNull(thing, "thing");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(driver, "driver");
            attributes = Map.copyOf(attributes);
            features = List.copyOf(features);
        }
    }
}
