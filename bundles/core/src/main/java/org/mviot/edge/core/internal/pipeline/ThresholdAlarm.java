package org.mviot.edge.core.internal.pipeline;

import org.mviot.edge.api.edge.EdgeStage;

/**
 * Threshold alarm with hysteresis: emits the property {@code alarm} as {@code high}, {@code low} or
 * {@code normal} when the state changes (and once for the first value). A high alarm clears only
 * when the value falls below {@code high - hysteresis}, a low alarm when it rises above
 * {@code low + hysteresis}, so a value hovering at a threshold does not flap. Values pass on
 * unchanged.
 */
public final class ThresholdAlarm implements EdgeStage {

    /** Property the alarm state is emitted as. */
    public static final String PROPERTY = "alarm";

    private enum State { NONE, NORMAL, HIGH, LOW }

    private final double low;
    private final double high;
    private final double hysteresis;
    private State state = State.NONE;

    /**
     * @param low        low threshold, {@link Double#NEGATIVE_INFINITY} for none
     * @param high       high threshold, {@link Double#POSITIVE_INFINITY} for none
     * @param hysteresis zero or more, less than the distance between the thresholds
     */
    public ThresholdAlarm(double low, double high, double hysteresis) {
        if (!(hysteresis >= 0) || !(low < high) || (high - low) <= 2 * hysteresis) {
            throw new IllegalArgumentException("alarm needs low < high and 0 <= hysteresis < (high - low) / 2, were low "
                    + low + ", high " + high + ", hysteresis " + hysteresis);
        }
        this.low = low;
        this.high = high;
        this.hysteresis = hysteresis;
    }

    @Override
    public double apply(double value, long timestamp, Emitter emitter) {
        State next = switch (state) {
            case HIGH -> value < high - hysteresis ? (value < low ? State.LOW : State.NORMAL) : State.HIGH;
            case LOW -> value > low + hysteresis ? (value > high ? State.HIGH : State.NORMAL) : State.LOW;
            default -> value > high ? State.HIGH : value < low ? State.LOW : State.NORMAL;
        };
        if (next != state) {
            state = next;
            emitter.emit(PROPERTY, next == State.HIGH ? "high" : next == State.LOW ? "low" : "normal", timestamp);
        }
        return value;
    }
}
