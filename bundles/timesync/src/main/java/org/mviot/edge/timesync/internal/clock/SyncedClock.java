package org.mviot.edge.timesync.internal.clock;

import java.util.Optional;
import java.util.function.LongSupplier;

import org.mviot.edge.api.time.GatewayClock;
import org.mviot.edge.api.time.TimeSource;

/**
 * The {@link GatewayClock}: a {@link SlewedClock} plus what is known of its quality.
 * <p>
 * {@link #source()} is {@link TimeSource#SYNCED} while the last good synchronization is younger than
 * the hold-over, else {@link TimeSource#SYSTEM_CLOCK}.
 * <p>
 * {@link #uncertaintyMillis()}, rounded up: the error bound at the last synchronization (root
 * dispersion + (root delay + round-trip delay) / 2 for our own client; the daemon's own bound for
 * chrony and timesyncd) + drift × time since then (the oscillator's frequency error, {@code driftPpm}, is
 * not corrected between syncs) + what is left to slew of the last backward correction. −1 before
 * the first synchronization: nothing is known then.
 * <p>
 * All three methods read volatile fields and allocate nothing.
 */
public final class SyncedClock implements GatewayClock {

    private final SlewedClock clock;
    private final LongSupplier nanoTime;
    private final long holdOverNanos;
    private final long holdOverMillis;
    private final double driftPerNano;
    private final long bootToleranceNanos;
    private volatile SyncRecord last;
    /** The sync before {@link #last}: a timestamp taken just before a new sync is still judged by the one it followed. */
    private volatile SyncRecord previous;
    private volatile BootStep bootStep;

    /**
     * @param clock              the corrected clock
     * @param nanoTime           the monotonic clock {@code clock} uses
     * @param holdOverNanos      how long after the last good sync the time still counts as synchronized
     * @param driftPpm           the assumed frequency error of the system clock between syncs
     * @param bootToleranceNanos a first offset larger than this marks the clock as wrong at boot
     */
    public SyncedClock(SlewedClock clock, LongSupplier nanoTime, long holdOverNanos, double driftPpm, long bootToleranceNanos) {
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.holdOverNanos = holdOverNanos;
        this.holdOverMillis = holdOverNanos / 1_000_000L;
        this.driftPerNano = driftPpm / 1e6;
        this.bootToleranceNanos = bootToleranceNanos;
    }

    /**
     * A good synchronization: corrects the clock and restarts the hold-over.
     *
     * @param via             how
     * @param server          to what
     * @param stratum         its stratum
     * @param offsetNanos     the offset to apply (true time minus system clock)
     * @param jitterNanos     jitter, -1 when unknown
     * @param errorBoundNanos error bound at the time of the measurement
     * @param atNanoTime      when it was measured, {@link System#nanoTime()} (the hold-over and drift count from then)
     * @return the record kept
     */
    public synchronized SyncRecord synced(String via, String server, int stratum, long offsetNanos, long jitterNanos, long errorBoundNanos,
                                          long atNanoTime) {
        long uncorrected = clock.currentTimeMillis();
        clock.correct(offsetNanos);
        long now = clock.currentTimeMillis();
        // the measurement's time by the corrected clock: the hold-over and drift count from it, as they do by atNanoTime
        long measuredAt = now - Math.max(0, nanoTime.getAsLong() - atNanoTime) / 1_000_000L;
        SyncRecord r = new SyncRecord(via, server, stratum, offsetNanos, jitterNanos, errorBoundNanos, atNanoTime, measuredAt);
        if (bootStep == null) {
            // samples stamped before this moment were stamped with the uncorrected clock; after a step back the
            // corrected clock repeats times the uncorrected one has already handed out: those count as before
            // (flagged unchecked, the safe side), so that no sample stamped before the sync passes as checked
            bootStep = new BootStep(Math.max(uncorrected, now), offsetNanos, Math.abs(offsetNanos) > bootToleranceNanos);
        }
        previous = last;
        last = r;
        return r;
    }

    @Override
    public long currentTimeMillis() {
        return clock.currentTimeMillis();
    }

    @Override
    public TimeSource source() {
        SyncRecord r = last;
        return r != null && nanoTime.getAsLong() - r.atNanoTime() <= holdOverNanos ? TimeSource.SYNCED : TimeSource.SYSTEM_CLOCK;
    }

    @Override
    public long uncertaintyMillis() {
        SyncRecord r = last;
        if (r == null) {
            return -1;
        }
        long sinceSync = Math.max(0, nanoTime.getAsLong() - r.atNanoTime());
        double nanos = r.errorBoundNanos() + sinceSync * driftPerNano + clock.remainingSlewNanos();
        return (long) Math.ceil(nanos / 1e6);
    }

    /**
     * The source of a timestamp this clock handed out, judged from the timestamp alone (no clock
     * read: the cheap form for stamping samples; proposed for the api).
     *
     * @param timestampMillis a time from {@link #currentTimeMillis()}
     * @return {@link TimeSource#SYNCED} when it lies after a sync and within the hold-over after it
     */
    @Override
    public TimeSource sourceAt(long timestampMillis) {
        SyncRecord r = governing(timestampMillis);
        long since = r == null ? -1 : timestampMillis - r.atUnixMillis();
        return since >= 0 && since <= holdOverMillis ? TimeSource.SYNCED : TimeSource.SYSTEM_CLOCK;
    }

    /** @return the sync a timestamp followed: the last, or the one before when the timestamp precedes the last */
    private SyncRecord governing(long timestampMillis) {
        SyncRecord r = last;
        if (r != null && timestampMillis < r.atUnixMillis()) {
            SyncRecord p = previous;
            return p != null && timestampMillis >= p.atUnixMillis() ? p : null;
        }
        return r;
    }

    /**
     * The error bound of a timestamp this clock handed out, from the timestamp alone (plus the slew
     * still to go, read only while a slew is in progress).
     *
     * @param timestampMillis a time from {@link #currentTimeMillis()}
     * @return milliseconds, rounded up; −1 when it precedes every sync
     */
    @Override
    public long uncertaintyMillisAt(long timestampMillis) {
        SyncRecord r = governing(timestampMillis);
        long since = r == null ? -1 : timestampMillis - r.atUnixMillis();
        if (since < 0) {
            return -1;
        }
        double nanos = r.errorBoundNanos() + since * 1e6 * driftPerNano + clock.remainingSlewNanos();
        return (long) Math.ceil(nanos / 1e6);
    }

    /**
     * @param timestampMillis a time from {@link #currentTimeMillis()}
     * @return whether it precedes the first synchronization since start (the clock was unchecked then); a time in
     *         the synchronization's own millisecond cannot be ordered with it and counts as before (the safe side)
     */
    @Override
    public boolean beforeFirstSync(long timestampMillis) {
        BootStep b = bootStep;
        return b == null || timestampMillis <= b.firstSyncUnixMillis();
    }

    /** @return the last good synchronization, empty before the first */
    public Optional<SyncRecord> lastSync() {
        return Optional.ofNullable(last);
    }

    /** @return how wrong the clock was at the first synchronization, empty before it */
    public Optional<BootStep> bootStep() {
        return Optional.ofNullable(bootStep);
    }

    /**
     * @param timestampMillis a timestamp taken with this clock
     * @return whether it is suspect: taken before any synchronization, or before the first one while the clock was wrong at boot
     */
    public boolean suspect(long timestampMillis) {
        BootStep b = bootStep;
        return b == null || b.flags(timestampMillis);
    }

    /** @return the corrected clock */
    public SlewedClock clock() {
        return clock;
    }
}
