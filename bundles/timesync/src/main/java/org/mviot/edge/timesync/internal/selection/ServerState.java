package org.mviot.edge.timesync.internal.selection;

import org.mviot.edge.timesync.internal.ntp.ServerAddress;

/**
 * One configured server: its recent samples, when it may next be asked (a Kiss-o'-Death RATE
 * doubles its interval), whether it told us to go away (DENY, RSTR), and what happened last.
 */
public final class ServerState {

    private final ServerAddress address;
    private final ClockFilter filter = new ClockFilter();
    private final long baseIntervalNanos;
    private final long maxIntervalNanos;
    private long intervalNanos;
    private long nextDueNanoTime;
    private boolean dropped;
    private String lastOutcome = "not asked yet";

    /**
     * @param address          the server
     * @param baseIntervalNanos the configured poll interval
     * @param maxIntervalNanos  the longest a RATE kiss backs off to
     * @param nowNanoTime       now
     */
    public ServerState(ServerAddress address, long baseIntervalNanos, long maxIntervalNanos, long nowNanoTime) {
        this.address = address;
        this.baseIntervalNanos = baseIntervalNanos;
        this.maxIntervalNanos = Math.max(baseIntervalNanos, maxIntervalNanos);
        this.intervalNanos = baseIntervalNanos;
        this.nextDueNanoTime = nowNanoTime;
    }

    /** @return the server */
    public ServerAddress address() {
        return address;
    }

    /** @return its samples */
    public ClockFilter filter() {
        return filter;
    }

    /**
     * @param nowNanoTime now
     * @return whether it may be asked now
     */
    public synchronized boolean due(long nowNanoTime) {
        return !dropped && nowNanoTime - nextDueNanoTime >= 0;
    }

    /**
     * It was asked: the next question waits one interval.
     *
     * @param nowNanoTime now
     * @param outcome     what happened, for the status
     */
    public synchronized void asked(long nowNanoTime, String outcome) {
        // a little early, so a poll that runs a few milliseconds early still finds it due
        nextDueNanoTime = nowNanoTime + intervalNanos - intervalNanos / 16;
        lastOutcome = outcome;
    }

    /** A good answer: the interval returns to the configured one. */
    public synchronized void answered() {
        intervalNanos = baseIntervalNanos;
    }

    /**
     * Kiss-o'-Death RATE: poll half as often (up to the longest interval).
     *
     * @param nowNanoTime now
     * @return the new interval, nanoseconds
     */
    public synchronized long backOff(long nowNanoTime) {
        intervalNanos = Math.min(maxIntervalNanos, intervalNanos * 2);
        nextDueNanoTime = nowNanoTime + intervalNanos;
        return intervalNanos;
    }

    /** Kiss-o'-Death DENY or RSTR: never ask again (until the configuration changes). */
    public synchronized void drop() {
        dropped = true;
        filter.clear();
    }

    /** @return whether it told us to go away */
    public synchronized boolean dropped() {
        return dropped;
    }

    /** @return the current poll interval, nanoseconds */
    public synchronized long intervalNanos() {
        return intervalNanos;
    }

    /** @return what happened when it was last asked */
    public synchronized String lastOutcome() {
        return lastOutcome;
    }
}
