package org.mviot.edge.core.internal.pipeline;

/**
 * What a personal-data channel's values become before they leave its pipeline (for the twin, the
 * queue, the cloud, the shell): nothing ({@link #drops()}), or a token made from the value.
 */
public interface ValueGuard {

    /** @return whether the channel's values are never reported */
    boolean drops();

    /**
     * @param value a value to report (a {@link Boolean}, {@link Long}, {@link Double} or {@link String}), not {@code null}
     * @return what is reported instead: a token that shows nothing of the value in clear
     */
    Object protect(Object value);
}
