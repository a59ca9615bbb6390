package org.mviot.edge.core.internal.pipeline;

import java.util.EnumSet;
import java.util.Set;

import org.mviot.edge.api.edge.EdgeStage;

/**
 * Time-window aggregates: collects a channel's values over windows aligned to multiples of the
 * period since the epoch, and at the end of each window emits the chosen aggregates as properties
 * ({@code min}, {@code max}, {@code mean}, {@code count}, {@code last}). The raw values stop here:
 * the aggregates replace them. A window ends at the first value after it or at the first tick
 * after it, whichever comes first.
 */
public final class WindowAggregate implements EdgeStage {

    /** The aggregates a window can emit. */
    public enum Aggregate {
        /** Smallest value. */
        MIN,
        /** Largest value. */
        MAX,
        /** Arithmetic mean. */
        MEAN,
        /** Number of values. */
        COUNT,
        /** Latest value. */
        LAST;

        /** @return the property name */
        public String property() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final long periodMillis;
    private final Aggregate[] aggregates;
    private long windowEnd = Long.MIN_VALUE;
    private double min;
    private double max;
    private double sum;
    private long count;
    private double last;

    /**
     * @param periodMillis window length, positive
     * @param aggregates   what to emit, not empty
     */
    public WindowAggregate(long periodMillis, Set<Aggregate> aggregates) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("window period must be positive, was " + periodMillis + " ms");
        }
        if (aggregates.isEmpty()) {
            throw new IllegalArgumentException("window needs at least one aggregate of " + EnumSet.allOf(Aggregate.class));
        }
        this.periodMillis = periodMillis;
        this.aggregates = EnumSet.copyOf(aggregates).toArray(new Aggregate[0]);
    }

    @Override
    public double apply(double value, long timestamp, Emitter emitter) {
        if (timestamp >= windowEnd) {
            emitIfAny(emitter);
            windowEnd = Math.floorDiv(timestamp, periodMillis) * periodMillis + periodMillis;
        }
        if (count == 0) {
            min = value;
            max = value;
        } else {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        sum += value;
        count++;
        last = value;
        return DROP;
    }

    @Override
    public void tick(long now, Emitter emitter) {
        if (count > 0 && now >= windowEnd) {
            emitIfAny(emitter);
        }
    }

    private void emitIfAny(Emitter emitter) {
        if (count == 0) {
            return;
        }
        long at = windowEnd;
        for (Aggregate a : aggregates) {
            Object v = switch (a) {
                case MIN -> min;
                case MAX -> max;
                case MEAN -> sum / count;
                case COUNT -> count;
                case LAST -> last;
            };
            emitter.emit(a.property(), v, at);
        }
        count = 0;
        sum = 0;
    }
}
