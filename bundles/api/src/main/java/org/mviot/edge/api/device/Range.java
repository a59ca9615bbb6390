package org.mviot.edge.api.device;

/**
 * The allowed values of a numeric channel, in the channel's engineering unit (after scaling), both ends included.
 *
 * @param min smallest allowed value, {@link Double#NEGATIVE_INFINITY} for none
 * @param max largest allowed value, {@link Double#POSITIVE_INFINITY} for none
 */
public record Range(double min, double max) {

    /** No limit. */
    public static final Range UNBOUNDED = new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    /**
     * Checks the bounds.
     *
     * @param min smallest allowed value
     * @param max largest allowed value
     */
    public Range {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("range needs min <= max, was [" + min + ", " + max + "]");
        }
    }

    /**
     * @param value a value
     * @return whether the value lies within the range
     */
    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /**
     * @return whether neither end is limited
     */
    public boolean isUnbounded() {
        return min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY;
    }
}
