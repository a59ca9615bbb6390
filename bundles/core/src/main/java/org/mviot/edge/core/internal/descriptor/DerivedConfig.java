package org.mviot.edge.core.internal.descriptor;

import java.util.List;

import org.mviot.edge.core.internal.pipeline.Expression;

/**
 * A channel the gateway computes from other channels of the same device.
 *
 * @param name        channel name
 * @param unit        engineering unit
 * @param description description
 * @param expression  compiled against the indices of the device's channels
 * @param stages      edge stages in order
 * @param feature     twin feature
 * @param path        property path in the feature
 */
public record DerivedConfig(String name, String unit, String description, Expression expression, List<StageSpec> stages,
                            String feature, String path) {

    /**
     * Copies the stage list.
     *
     * @param name        name
     * @param unit        unit
     * @param description description
     * @param expression  expression
     * @param stages      stages
     * @param feature     feature
     * @param path        path
     */
    public DerivedConfig {
        stages = List.copyOf(stages);
    }
}
