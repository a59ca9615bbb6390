package org.mviot.edge.core.internal.descriptor;

import java.time.Duration;
import java.util.function.Function;

import org.mviot.edge.api.edge.EdgeStageFactory;

import com.google.gson.JsonObject;

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
        Parsed p = read(origin, json);
        if (p.config() == null) {
            throw new DescriptorException(p.problems());
        }
        return p.config();
    }

    /**
     * What was read of a descriptor: the device when it is valid by the core's rules, else its problems and, as far as
     * it could be read, the device as its driver sees it, so {@link DescriptorValidator} can add the driver's problems.
     *
     * @param config       the device, or {@code null}
     * @param draft        the device for its driver's check, or {@code null} when not even its driver could be read
     * @param channelIndex each draft channel's index in {@code $.channels}
     * @param problems     the core's problems; empty when {@code config} is there
     */
    public record Parsed(DeviceConfig config, org.mviot.edge.api.device.DeviceDescriptor draft,
                         java.util.Map<String, Integer> channelIndex, java.util.List<DescriptorProblem> problems) {
    }

    /**
     * Reads a descriptor by the core's rules, collecting every problem.
     *
     * @param origin the file or document name, for messages
     * @param json   the document
     * @return the device or its problems
     */
    public Parsed read(String origin, String json) {
        JsonObject root;
        try {
            root = DescriptorJson.parse(origin, json);
        } catch (DescriptorException e) {
            return new Parsed(null, null, java.util.Map.of(), e.problems());
        }
        ParseContext cx = new ParseContext(origin);
        DeviceReader.Result r = devices.read(cx, root);
        return new Parsed(r.config(), r.draft(), r.channelIndex(), cx.problems());
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
