package org.mviot.edge.core.internal.acquisition;

import org.mviot.edge.api.time.TimeSource;

/** The time samples are stamped with: the gateway clock when a time sync bundle provides one, else the system clock. */
public interface TimeBase {

    /** The system clock, flagged as not synchronized (SpaR-RecR-1). */
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

    /** @return where {@link #now()} comes from */
    TimeSource source();
}
