package org.mviot.edge.core.internal.pipeline;

import java.util.List;

import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.edge.EdgeStage;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;

/**
 * The edge computation of one channel: scale and offset into the engineering unit, then its stages
 * in order. Numeric and boolean values run as {@code double} and are boxed only when they survive;
 * text values are reported when they change. A change of quality (bad, stale, good again) is always
 * reported. A channel of personal data has a {@link ValueGuard}: what leaves the pipeline (to the
 * twin, and to the shell through {@link #latest()}) is the guard's token, or nothing.
 * Not thread-safe: its device's pipeline serializes calls.
 */
public final class ChannelPipeline implements EdgeStage.Emitter {

    private final String channel;
    private final ChannelType type;
    private final double scale;
    private final double offset;
    private final EdgeStage[] stages;
    private final String feature;
    private final String path;
    private final String key;
    private final PipelineSink sink;
    /** {@code null} unless the channel is personal data. */
    private final ValueGuard guard;
    /** The token of the latest value reported, for the shell (personal data only). */
    private volatile Object latestGuarded;

    private Quality lastQuality;
    private Object lastValue;
    private boolean forceNext = true;
    private long currentTimestamp;
    private Quality currentQuality = Quality.GOOD;
    private TimeSource currentSource = TimeSource.SYSTEM_CLOCK;
    // for display only (shell): the hot path stores a primitive so that it does not allocate
    private volatile double latestNumber = Double.NaN;
    /** The exact whole number behind {@code latestNumber}, when {@link #hasExact}. */
    private volatile long exact;
    private volatile boolean hasExact;
    /** {@code exact} boxed as the driver delivered it, or {@code null}; only for the value being run (not volatile). */
    private Long exactBox;
    private volatile String latestText;
    private volatile long latestTimestamp;
    private volatile Quality latestQuality;

    /**
     * @param channel channel name
     * @param type    the type of the values this pipeline receives
     * @param scale   multiplier into the engineering unit
     * @param offset  added after scaling
     * @param stages  stages in order
     * @param feature twin feature
     * @param path    property path in the feature
     * @param sink    where surviving values go
     */
    public ChannelPipeline(String channel, ChannelType type, double scale, double offset, List<EdgeStage> stages,
                           String feature, String path, PipelineSink sink) {
        this(channel, type, scale, offset, stages, feature, path, sink, null);
    }

    /**
     * @param channel channel name
     * @param type    the type of the values this pipeline receives
     * @param scale   multiplier into the engineering unit
     * @param offset  added after scaling
     * @param stages  stages in order
     * @param feature twin feature
     * @param path    property path in the feature
     * @param sink    where surviving values go
     * @param guard   what personal data becomes, or {@code null} when the channel is not personal data
     */
    public ChannelPipeline(String channel, ChannelType type, double scale, double offset, List<EdgeStage> stages,
                           String feature, String path, PipelineSink sink, ValueGuard guard) {
        this.guard = guard;
        this.channel = channel;
        this.type = type;
        this.scale = scale;
        this.offset = offset;
        this.stages = stages.toArray(new EdgeStage[0]);
        this.feature = feature;
        this.path = path;
        this.key = feature + "/" + path;
        this.sink = sink;
    }

    /** @return channel name */
    public String channel() {
        return channel;
    }

    /** @return twin feature */
    public String feature() {
        return feature;
    }

    /** @return property path in the feature */
    public String path() {
        return path;
    }

    /** @return {@code feature/path}, computed once so the mapper does not build it per value */
    public String key() {
        return key;
    }

    /**
     * @param property a property a stage emits ({@code mean}, {@code alarm})
     * @return its path: beside the channel's own property
     */
    public String extraPath(String property) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? property : path.substring(0, slash + 1) + property;
    }

    /** @return whether scale or offset change the value, which then reports as a double */
    public boolean transforms() {
        return scale != 1.0 || offset != 0.0;
    }

    /** @return the type values are reported as */
    public ChannelType reportedType() {
        return type == ChannelType.INTEGER && transforms() ? ChannelType.DOUBLE : type;
    }

    /**
     * @param raw a device value
     * @return the value in the engineering unit
     */
    public double toEngineering(double raw) {
        return raw * scale + offset;
    }

    /**
     * @param engineering a value in the engineering unit
     * @return the device value
     */
    public double toDevice(double engineering) {
        return (engineering - offset) / scale;
    }

    /** @return whether the channel is personal data (its values never leave the pipeline in clear) */
    public boolean personal() {
        return guard != null;
    }

    /**
     * @return the latest value seen (before stages), for the shell; {@code null} before the first;
     *         for personal data the token reported (never the value), {@code null} when dropped
     */
    public Object latest() {
        if (latestQuality == null) {
            return null;
        }
        if (guard != null) {
            return latestGuarded;
        }
        return type == ChannelType.STRING ? latestText : box(latestNumber);
    }

    /** @return the time of {@link #latest()} */
    public long latestTimestamp() {
        return latestTimestamp;
    }

    /** @return the quality of {@link #latest()}, {@code null} before the first */
    public Quality latestQuality() {
        return latestQuality;
    }

    /** The next value is reported whatever the stages say (after a command's read-back). */
    public void forceNext() {
        forceNext = true;
    }

    /**
     * Runs an engineering-unit value through the stages.
     *
     * @param value     the value in the engineering unit
     * @param timestamp its time
     * @param quality   its quality
     * @param source    where its time came from
     */
    public void numeric(double value, long timestamp, Quality quality, TimeSource source) {
        hasExact = false;
        run(value, timestamp, quality, source);
    }

    /**
     * Runs a whole-number device value of an integer channel without scale or offset through the
     * stages, keeping all 64 bits: a double holds integers exactly only up to 2^53, a Modbus int64
     * register does not fit that.
     *
     * @param value     the value
     * @param timestamp its time
     * @param quality   its quality
     * @param source    where its time came from
     */
    public void integral(long value, long timestamp, Quality quality, TimeSource source) {
        integral(value, null, timestamp, quality, source);
    }

    /**
     * As {@link #integral(long, long, Quality, TimeSource)}, with the driver's boxed value, which
     * is reported as it is when it passes unchanged (no second box per value).
     *
     * @param value     the value
     * @param boxed     the same value boxed, or {@code null}
     * @param timestamp its time
     * @param quality   its quality
     * @param source    where its time came from
     */
    public void integral(long value, Long boxed, long timestamp, Quality quality, TimeSource source) {
        exact = value;
        exactBox = boxed != null && boxed == value ? boxed : null;
        hasExact = true;
        run(value, timestamp, quality, source);
    }

    /** @return whether whole-number values pass unchanged (integer channel, no scale or offset) */
    public boolean keepsExactIntegers() {
        return type == ChannelType.INTEGER && !transforms();
    }

    private void run(double value, long timestamp, Quality quality, TimeSource source) {
        currentTimestamp = timestamp;
        currentQuality = quality;
        currentSource = source;
        latestTimestamp = timestamp;
        latestNumber = value;
        latestQuality = quality;
        boolean force = forceNext || quality != lastQuality;
        double v = value;
        for (EdgeStage stage : stages) {
            v = stage.apply(v, timestamp, this);
            if (v != v) {
                if (!force) {
                    return;
                }
                v = value;
                break;
            }
        }
        forceNext = false;
        lastQuality = quality;
        report(box(v), timestamp, quality, source);
    }

    /** The channel's own value to the sink; personal data as its guard's token, or not at all. */
    private void report(Object value, long timestamp, Quality quality, TimeSource source) {
        if (guard == null) {
            sink.report(this, null, value, timestamp, quality, source);
            return;
        }
        if (guard.drops()) {
            return;
        }
        Object token = value == null ? null : guard.protect(value);
        latestGuarded = token;
        sink.report(this, null, token, timestamp, quality, source);
    }

    /**
     * Reports a text value when it changed (or its quality did).
     *
     * @param value     the value
     * @param timestamp its time
     * @param quality   its quality
     * @param source    where its time came from
     */
    public void text(String value, long timestamp, Quality quality, TimeSource source) {
        latestText = value;
        latestTimestamp = timestamp;
        latestQuality = quality;
        if (!forceNext && quality == lastQuality && value.equals(lastValue)) {
            return;
        }
        forceNext = false;
        lastQuality = quality;
        lastValue = value;
        report(value, timestamp, quality, source);
    }

    /**
     * The channel could not be read: reports the bad quality once.
     *
     * @param timestamp when
     * @param source    where the time came from
     */
    public void bad(long timestamp, TimeSource source) {
        latestQuality = Quality.BAD;
        latestTimestamp = timestamp;
        if (lastQuality != Quality.BAD) {
            lastQuality = Quality.BAD;
            if (guard == null || !guard.drops()) {
                sink.report(this, null, null, timestamp, Quality.BAD, source);
            }
        }
    }

    /**
     * No fresh value came in time: reports the last value as stale, once.
     *
     * @param timestamp when staleness was noticed
     * @param source    where the time came from
     */
    public void stale(long timestamp, TimeSource source) {
        if (lastQuality != Quality.STALE && lastQuality != Quality.BAD && lastQuality != null) {
            lastQuality = Quality.STALE;
            latestQuality = Quality.STALE;
            if (guard == null || !guard.drops()) {
                // latest() is the token for personal data: it is not protected twice
                sink.report(this, null, latest(), timestamp, Quality.STALE, source);
            }
        }
    }

    /** @return whether values pass through stages (without, {@link #tick} has nothing to do) */
    public boolean hasStages() {
        return stages.length > 0;
    }

    /**
     * Lets time-driven stages act.
     *
     * @param now current time
     */
    public void tick(long now) {
        for (EdgeStage stage : stages) {
            stage.tick(now, this);
        }
    }

    @Override
    public void emit(String property, Object value, long timestamp) {
        if (guard != null) {
            // a stage's output tells about personal data (descriptors give such channels no stages; a bundle's stage could)
            return;
        }
        sink.report(this, property, value, timestamp, currentQuality, currentSource);
    }

    private Object exactOr(double v) {
        if (hasExact && v == (double) exact) {
            Long b = exactBox;
            return b != null && b == exact ? b : Long.valueOf(exact);
        }
        return Math.round(v);
    }

    private Object box(double v) {
        return switch (type) {
            case BOOLEAN -> v != 0;
            case INTEGER -> transforms() ? (Object) v : exactOr(v);
            default -> v;
        };
    }
}
