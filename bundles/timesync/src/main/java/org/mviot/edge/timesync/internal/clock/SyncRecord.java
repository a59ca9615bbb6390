package org.mviot.edge.timesync.internal.clock;

/**
 * The last good synchronization: what the clock was set by and how good it was then.
 *
 * @param via               how: {@code ntp} (our client), {@code chrony}, {@code timesyncd}, {@code gnss}
 * @param server            the server or reference synchronized to
 * @param stratum           its stratum (ours is one more), -1 when unknown
 * @param offsetNanos       the offset applied to the system clock (0 when a daemon disciplines the system clock itself)
 * @param jitterNanos       the source's jitter, -1 when unknown
 * @param errorBoundNanos   the error bound at that moment (root dispersion + (root delay + delay) / 2, or the daemon's own bound)
 * @param atNanoTime        when, {@link System#nanoTime()}
 * @param atUnixMillis      when, by the corrected clock
 */
public record SyncRecord(String via, String server, int stratum, long offsetNanos, long jitterNanos, long errorBoundNanos,
                         long atNanoTime, long atUnixMillis) {
}
