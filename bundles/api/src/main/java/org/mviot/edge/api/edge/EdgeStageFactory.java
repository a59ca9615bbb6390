package org.mviot.edge.api.edge;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes stages of one kind from their settings in a device descriptor, so a bundle can add stage
 * kinds beyond the built-in ones. Registered as an OSGi service.
 */
@ConsumerType
public interface EdgeStageFactory {

    /**
     * @return the stage kind as descriptors name it in a channel's {@code stages} list
     */
    String kind();

    /**
     * @param settings the stage's settings from the descriptor (strings, numbers, booleans)
     * @return a new stage for one channel
     * @throws IllegalArgumentException naming the setting that is wrong and what was expected
     */
    EdgeStage create(Map<String, Object> settings);
}
