package org.mviot.edge.driver.gpio.internal;

/**
 * The clocks an edge is seen by: wall time for the reading's timestamp, a monotonic clock for
 * debounce windows and rate intervals. Injected, so tests control both.
 */
interface EdgeClock {

    /** The system's clocks. */
    EdgeClock SYSTEM = new EdgeClock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    };

    /** @return wall time, milliseconds since the epoch */
    long millis();

    /** @return monotonic time in nanoseconds (only differences mean anything) */
    long nanos();
}
