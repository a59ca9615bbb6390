package org.mviot.edge.core.internal.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.core.internal.descriptor.ChannelConfig;
import org.mviot.edge.core.internal.descriptor.DerivedConfig;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.descriptor.StageSpec;

/**
 * The edge computation of one device: a pipeline per channel, the latest engineering value of every
 * channel, and the derived channels recomputed whenever one of their inputs changes. Calls are
 * serialized by the caller (the device's handler). Channels are addressed by index (the order of
 * the descriptor, derived channels after) so the hot path does no lookup.
 */
public final class DevicePipeline {

    private final ChannelPipeline[] channels;
    /** The channels with stages: only stages act on time. */
    private final ChannelPipeline[] staged;
    private final Map<String, Integer> index = new HashMap<>();
    private final double[] latest;
    private final int[][] dependents;
    private final DerivedConfig[] derived;
    private final int firstDerived;

    /**
     * @param config the device
     * @param sink   where surviving values go
     */
    public DevicePipeline(DeviceConfig config, PipelineSink sink) {
        this(config, sink, c -> null);
    }

    /**
     * @param config the device
     * @param sink   where surviving values go
     * @param guards the guard of each channel of personal data ({@code null} for the others)
     */
    public DevicePipeline(DeviceConfig config, PipelineSink sink, java.util.function.Function<ChannelConfig, ValueGuard> guards) {
        List<ChannelPipeline> list = new ArrayList<>();
        for (ChannelConfig c : config.channels()) {
            index.put(c.spec().name(), list.size());
            ValueGuard guard = c.pii() == null ? null : guards.apply(c);
            if (c.pii() != null && guard == null) {
                throw new IllegalStateException("channel " + c.spec().name() + " is personal data and has no guard");
            }
            list.add(new ChannelPipeline(c.spec().name(), c.spec().type(), c.scale(), c.offset(), create(c.stages()),
                    c.feature(), c.path(), sink, guard));
        }
        firstDerived = list.size();
        derived = config.derived().toArray(new DerivedConfig[0]);
        List<List<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < firstDerived; i++) {
            deps.add(new ArrayList<>());
        }
        for (int d = 0; d < derived.length; d++) {
            DerivedConfig dc = derived[d];
            index.put(dc.name(), list.size());
            list.add(new ChannelPipeline(dc.name(), ChannelType.DOUBLE, 1, 0, create(dc.stages()), dc.feature(), dc.path(), sink));
            for (String v : dc.expression().variables()) {
                deps.get(index.get(v)).add(d);
            }
        }
        channels = list.toArray(new ChannelPipeline[0]);
        staged = list.stream().filter(ChannelPipeline::hasStages).toArray(ChannelPipeline[]::new);
        latest = new double[firstDerived];
        java.util.Arrays.fill(latest, Double.NaN);
        dependents = new int[firstDerived][];
        for (int i = 0; i < firstDerived; i++) {
            dependents[i] = deps.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private static List<org.mviot.edge.api.edge.EdgeStage> create(List<StageSpec> specs) {
        return specs.stream().map(StageSpec::create).toList();
    }

    /**
     * @param name channel name
     * @return its index, or -1
     */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /**
     * @param i index
     * @return the channel's pipeline
     */
    public ChannelPipeline channel(int i) {
        return channels[i];
    }

    /** @return all channel pipelines, derived ones last */
    public List<ChannelPipeline> channels() {
        return List.of(channels);
    }

    /**
     * A device value for a channel (numbers and booleans as their double value).
     *
     * @param i         channel index
     * @param raw       the device value
     * @param timestamp its time
     * @param quality   its quality
     * @param source    where its time came from
     */
    public void numeric(int i, double raw, long timestamp, Quality quality, TimeSource source) {
        ChannelPipeline c = channels[i];
        double v = c.toEngineering(raw);
        latest[i] = v;
        c.numeric(v, timestamp, quality, source);
        derive(i, timestamp, quality, source);
    }

    private void integral(int i, long raw, Long boxed, long timestamp, Quality quality, TimeSource source) {
        latest[i] = raw;
        channels[i].integral(raw, boxed, timestamp, quality, source);
        derive(i, timestamp, quality, source);
    }

    private void derive(int i, long timestamp, Quality quality, TimeSource source) {
        int[] deps = dependents[i];
        for (int d : deps) {
            double dv = derived[d].expression().evaluate(latest);
            if (dv == dv) {
                channels[firstDerived + d].numeric(dv, timestamp, quality, source);
            }
        }
    }

    /**
     * A device value of any type, as a driver delivers it.
     *
     * @param i         channel index
     * @param value     {@link Boolean}, {@link Number} or {@link String}
     * @param timestamp its time
     * @param quality   its quality
     * @param source    where its time came from
     */
    public void value(int i, Object value, long timestamp, Quality quality, TimeSource source) {
        if ((value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)
                && channels[i].keepsExactIntegers()) {
            integral(i, ((Number) value).longValue(), value instanceof Long l ? l : null, timestamp, quality, source);
        } else if (value instanceof Number n) {
            numeric(i, n.doubleValue(), timestamp, quality, source);
        } else if (value instanceof Boolean b) {
            numeric(i, b ? 1 : 0, timestamp, quality, source);
        } else if (value instanceof String s) {
            channels[i].text(s, timestamp, quality, source);
        } else {
            bad(i, timestamp, source);
        }
    }

    /**
     * A failed read.
     *
     * @param i         channel index
     * @param timestamp when
     * @param source    where the time came from
     */
    public void bad(int i, long timestamp, TimeSource source) {
        if (i < firstDerived) {
            latest[i] = Double.NaN;
        }
        channels[i].bad(timestamp, source);
    }

    /**
     * A channel that got no fresh value in time.
     *
     * @param i         channel index
     * @param timestamp when
     * @param source    where the time came from
     */
    public void stale(int i, long timestamp, TimeSource source) {
        channels[i].stale(timestamp, source);
    }

    /**
     * Lets time-driven stages act (windows that end).
     *
     * @param now current time
     */
    public void tick(long now) {
        for (ChannelPipeline c : staged) {
            c.tick(now);
        }
    }
}
