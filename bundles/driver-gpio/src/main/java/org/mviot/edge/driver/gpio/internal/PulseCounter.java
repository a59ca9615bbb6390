package org.mviot.edge.driver.gpio.internal;

/**
 * Counts the pulses of a meter output (S0, reed contact) and gives the rate over fixed intervals:
 * the rate is the pulses of the last completed interval per second, so it does not jitter with the
 * moment it is read. Times are the caller's clock in nanoseconds, so tests drive it. Thread-safe:
 * pulses come from the input's event thread, reads from the core's I/O thread.
 */
final class PulseCounter {

    private final long intervalNanos;
    private long count;
    private long intervalStart;
    private long inInterval;
    private double lastRate;

    /**
     * @param intervalNanos the rate interval, positive
     * @param now           the start of the first interval
     */
    PulseCounter(long intervalNanos, long now) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive, was " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
        this.intervalStart = now;
    }

    /**
     * @param now the time the pulse was seen
     */
    synchronized void pulse(long now) {
        roll(now);
        count++;
        inInterval++;
    }

    /**
     * @return pulses counted since the counter started
     */
    synchronized long count() {
        return count;
    }

    /**
     * @param now the time now
     * @return pulses per second over the last completed interval (0 before the first one ends)
     */
    synchronized double rate(long now) {
        roll(now);
        return lastRate;
    }

    private void roll(long now) {
        long elapsed = now - intervalStart;
        if (elapsed < intervalNanos) {
            return;
        }
        long intervals = elapsed / intervalNanos;
        // more than one interval passed: the last completed one had no pulse
        lastRate = intervals == 1 ? inInterval * 1e9 / intervalNanos : 0;
        inInterval = 0;
        intervalStart += intervals * intervalNanos;
    }
}
