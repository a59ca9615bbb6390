package org.mviot.edge.core.internal.pipeline;

import org.mviot.edge.api.edge.EdgeStage;

/**
 * Rate limit: drops a value that comes sooner than the interval after the last one passed on. The
 * drop path allocates nothing.
 */
public final class MinInterval implements EdgeStage {

    private final long intervalMillis;
    private boolean primed;
    private long lastPassed;

    /**
     * @param intervalMillis minimum time between two values passed on, positive
     */
    public MinInterval(long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("minimum interval must be positive, was " + intervalMillis + " ms");
        }
        this.intervalMillis = intervalMillis;
    }

    @Override
    public double apply(double value, long timestamp, Emitter emitter) {
        if (primed && timestamp - lastPassed < intervalMillis) {
            return DROP;
        }
        primed = true;
        lastPassed = timestamp;
        return value;
    }
}
