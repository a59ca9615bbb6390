package org.mviot.edge.timesync.internal.clock;

/**
 * How wrong the clock was until the first synchronization after start (a Raspberry Pi has no
 * real-time clock and boots at its last shutdown time, or in 1970). Samples stamped before
 * {@link #firstSyncUnixMillis()} carry an error of about {@link #stepNanos()} when
 * {@link #wrongAtBoot()}.
 *
 * @param firstSyncUnixMillis when the first synchronization happened: by the corrected clock, or by the uncorrected
 *                            one when that was later (a step back), so that every time handed out before it is earlier
 * @param stepNanos           the offset found then (true time minus system clock)
 * @param wrongAtBoot         whether that offset exceeded the tolerance
 */
public record BootStep(long firstSyncUnixMillis, long stepNanos, boolean wrongAtBoot) {

    /**
     * @param timestampMillis a sample's timestamp, taken with this clock
     * @return whether it was taken before the first synchronization with a clock that was then wrong
     */
    public boolean flags(long timestampMillis) {
        return wrongAtBoot && timestampMillis < firstSyncUnixMillis;
    }
}
