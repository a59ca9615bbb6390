package org.mviot.edge.core.internal.pipeline;

import org.mviot.edge.api.edge.EdgeStage;

/**
 * Report by exception: drops a value that differs from the last one passed on by no more than the
 * band, absolute or as a percentage of the last value (the larger of the two applies). With both at
 * zero only unchanged values are dropped. The drop path allocates nothing.
 */
public final class Deadband implements EdgeStage {

    private final double absolute;
    private final double percent;
    private boolean primed;
    private double last;

    /**
     * @param absolute band in the channel's unit, zero or more
     * @param percent  band as percent of the last value passed on, zero or more
     */
    public Deadband(double absolute, double percent) {
        if (!(absolute >= 0) || !(percent >= 0)) {
            throw new IllegalArgumentException("deadband absolute and percent must be zero or more, were " + absolute + " and " + percent);
        }
        this.absolute = absolute;
        this.percent = percent;
    }

    @Override
    public double apply(double value, long timestamp, Emitter emitter) {
        if (primed) {
            double band = Math.max(absolute, Math.abs(last) * percent / 100.0);
            double delta = Math.abs(value - last);
            if (band == 0 ? delta == 0 : delta <= band) {
                return DROP;
            }
        }
        primed = true;
        last = value;
        return value;
    }
}
