package org.mviot.edge.core.internal.acquisition;

import org.mviot.edge.api.time.TimeSource;

/**
 * The time samples are stamped with: the gateway clock when a time sync bundle provides one, else the system clock.
 * Besides the time, it judges a timestamp it handed out: its source, error bound, and whether it
 * precedes the clock's first synchronization. These judge the timestamp itself and read no clock,
 * so each sample pays only a few nanoseconds for its time quality.
 */
public interface TimeBase {

    /** The system clock, flagged as not synchronized (SpaR-RecR-1): never synchronized, so every timestamp is before the first sync. */
    TimeBase SYSTEM = new TimeBase() {
        @Override
        public long now() {
            return System.currentTimeMillis();
        }

        @Override
        public TimeSource source() {
            return TimeSource.SYSTEM_CLOCK;
        }
    };

    /** @return current time, milliseconds since the epoch */
    long now();

    /** @return where {@link #now()} comes from now (reads a clock: prefer {@link #sourceAt(long)} for a timestamp) */
    TimeSource source();

    /**
     * @param timestampMillis a time from {@link #now()}
     * @return where it came from
     */
    default TimeSource sourceAt(long timestampMillis) {
        return source();
    }

    /**
     * @param timestampMillis a time from {@link #now()}
     * @return its error bound in milliseconds, -1 when unknown
     */
    default long uncertaintyMillisAt(long timestampMillis) {
        return -1;
    }

    /**
     * @param timestampMillis a time from {@link #now()}
     * @return whether it was taken before the clock's first synchronization (an unchecked clock)
     */
    default boolean beforeFirstSync(long timestampMillis) {
        return true;
    }
}
