package org.mviot.edge.core.internal.descriptor;

import java.util.List;

import org.mviot.edge.api.device.ChannelSpec;

/**
 * A device channel with its edge computation and twin mapping.
 *
 * @param spec    the channel as the driver sees it
 * @param scale   multiplier into the engineering unit
 * @param offset  added after scaling
 * @param stages  edge stages in order
 * @param feature twin feature
 * @param path    property path in the feature
 * @param pii     what becomes of its values as personal data, or {@code null} when they are not
 */
public record ChannelConfig(ChannelSpec spec, double scale, double offset, List<StageSpec> stages, String feature, String path, PiiMode pii) {

    /**
     * A channel that is not personal data.
     *
     * @param spec    spec
     * @param scale   scale
     * @param offset  offset
     * @param stages  stages
     * @param feature feature
     * @param path    path
     */
    public ChannelConfig(ChannelSpec spec, double scale, double offset, List<StageSpec> stages, String feature, String path) {
        this(spec, scale, offset, stages, feature, path, null);
    }

    /**
     * Copies the stage list.
     *
     * @param spec    spec
     * @param scale   scale
     * @param offset  offset
     * @param stages  stages
     * @param feature feature
     * @param path    path
     * @param pii     personal data mode, or {@code null}
     */
    public ChannelConfig {
        stages = List.copyOf(stages);
    }
}
