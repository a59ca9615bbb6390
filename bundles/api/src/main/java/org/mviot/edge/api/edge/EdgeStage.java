package org.mviot.edge.api.edge;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One step of edge computation on one channel's numeric values (deadband, rate limit, window
 * aggregate, alarm…). Stages of a channel run in order, one value at a time, on one thread at a
 * time. A stage is on the hot path: {@link #apply} does not allocate when it drops a value.
 */
@ConsumerType
public interface EdgeStage {

    /** The value {@link #apply} returns to drop a value: the stages after it do not see it. */
    double DROP = Double.NaN;

    /**
     * Receives extra values a stage produces besides the one it passes on (aggregates, alarm states).
     * They go to the twin as properties beside the channel's value.
     */
    @ProviderType
    interface Emitter {
        /**
         * @param property  property name within the channel's feature ({@code mean}, {@code alarm})
         * @param value     {@link Boolean}, {@link Long}, {@link Double} or {@link String}
         * @param timestamp time of the value, milliseconds since the epoch
         */
        void emit(String property, Object value, long timestamp);
    }

    /**
     * Processes one value (never NaN).
     *
     * @param value     the value
     * @param timestamp its time, milliseconds since the epoch
     * @param emitter   where extra values go
     * @return the value to pass on (possibly changed), or {@link #DROP}
     */
    double apply(double value, long timestamp, Emitter emitter);

    /**
     * Called regularly, so a stage can act on time passing without new values (a window that ends).
     *
     * @param now     current time, milliseconds since the epoch
     * @param emitter where extra values go
     */
    default void tick(long now, Emitter emitter) {
    }
}
