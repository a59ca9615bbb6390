package org.mviot.edge.core.internal.descriptor;

import java.time.Duration;
import java.util.function.Function;

import org.mviot.edge.api.edge.EdgeStageFactory;

/**
 * Reads and validates a device descriptor (the JSON format of {@code conf/devices/*.json}, see
 * the core's README and {@code device-descriptor.schema.json}). It collects every problem rather
 * than stopping at the first, each naming the file, the JSON path, the device and channel.
 *
 * <p>The work is split by concept: {@link DescriptorJson} turns text into JSON within
 * {@link DescriptorLimits}; {@link DeviceReader}, {@link ChannelReader}, {@link DerivedReader},
 * {@link StageReader} and {@link TwinTargetReader} read the parts of a device; {@link JsonFields}
 * reads typed fields at a JSON path into a {@link ParseContext}; {@link DurationText} is the
 * duration grammar.
 */
public final class DescriptorParser {

    private final DeviceReader devices;

    /**
     * @param namespace      thing namespace for devices that do not name their thing
     * @param stageFactories stage kinds contributed by other bundles, by kind; returns {@code null} for unknown kinds
     */
    public DescriptorParser(String namespace, Function<String, EdgeStageFactory> stageFactories) {
        StageReader stages = new StageReader(stageFactories);
        this.devices = new DeviceReader(namespace, new ChannelReader(stages), new DerivedReader(stages));
    }

    /**
     * @param origin the file or document name, for messages
     * @param json   the document
     * @return the validated device
     * @throws DescriptorException with every problem found (at most {@value ParseContext#MAX_PROBLEMS} listed)
     */
    public DeviceConfig parse(String origin, String json) throws DescriptorException {
        ParseContext cx = new ParseContext(origin);
        DeviceConfig config = devices.read(cx, DescriptorJson.parse(origin, json));
        if (!cx.ok()) {
            throw new DescriptorException(cx.problems());
        }
        return config;
    }

    /**
     * @param text {@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, or a number of milliseconds
     * @return the duration, or {@code null} when the text is not one
     * @see org.mviot.edge.api.device.DurationSyntax the one grammar, shared with the drivers
     */
    public static Duration parseDuration(String text) {
        return org.mviot.edge.api.device.DurationSyntax.parse(text).orElse(null);
    }
}
