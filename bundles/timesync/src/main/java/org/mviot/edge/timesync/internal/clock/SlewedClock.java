package org.mviot.edge.timesync.internal.clock;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The gateway's time: the system clock plus a correction, never going backwards.
 * <p>
 * {@code time = system clock + applied offset}, then the greatest time handed out so far if that is
 * larger. A correction that moves time forward is applied at once (a step forward keeps order). One
 * that moves it backward is slewed: the applied offset walks toward the new one at
 * {@code slewRatePpm} (time runs that much slower until it is reached), so consecutive timestamps
 * stay ordered and as evenly spaced as the rate allows. Should the system clock itself step back
 * (a daemon stepping it, an operator), the guard holds time still until the system clock catches up.
 * The guard lives as long as the process: across a restart the system clock is all there is.
 * <p>
 * Reading the time allocates nothing: the correction is one immutable record read through a
 * volatile field, the guard one compare-and-set.
 */
public final class SlewedClock {

    private final LongSupplier systemMillis;
    private final LongSupplier nanoTime;
    private final double slewPerNano;
    private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);
    private volatile Correction correction = new Correction(0, 0, 0, 0);

    /**
     * @param systemMillis the system clock, Unix milliseconds
     * @param nanoTime     a monotonic clock, nanoseconds
     * @param slewRatePpm  how fast a backward correction is slewed, parts per million (e.g. 50,000: 5 %)
     */
    public SlewedClock(LongSupplier systemMillis, LongSupplier nanoTime, long slewRatePpm) {
        if (slewRatePpm <= 0) {
            throw new IllegalArgumentException("slew rate must be positive, was " + slewRatePpm + " ppm");
        }
        this.systemMillis = systemMillis;
        this.nanoTime = nanoTime;
        this.slewPerNano = slewRatePpm / 1e6;
    }

    /** @return the system clock with the Java runtime's clocks */
    public static SlewedClock system(long slewRatePpm) {
        return new SlewedClock(System::currentTimeMillis, System::nanoTime, slewRatePpm);
    }

    /**
     * @return the corrected time, Unix milliseconds, never less than any value returned before
     */
    public long currentTimeMillis() {
        Correction c = correction;
        // only a slew in progress needs the monotonic clock: one clock read per call otherwise
        long applied = c.sign() == 0 ? c.to() : c.applied(nanoTime.getAsLong(), slewPerNano);
        long t = systemMillis.getAsLong() + Math.floorDiv(applied, 1_000_000L);
        while (true) {
            long prev = latest.get();
            if (t <= prev) {
                return prev;
            }
            if (latest.compareAndSet(prev, t)) {
                return t;
            }
        }
    }

    /**
     * Sets the offset to reach: at once when it moves time forward, slewed when backward.
     *
     * @param offsetNanos the measured offset (true time minus system clock)
     */
    public void correct(long offsetNanos) {
        long now = nanoTime.getAsLong();
        long applied = correction.applied(now, slewPerNano);
        correction = offsetNanos >= applied ? new Correction(offsetNanos, offsetNanos, now, 0)
                : new Correction(applied, offsetNanos, now, -1);
    }

    /**
     * The system clock itself was stepped by this much (the gateway disciplined it): the same amount
     * comes out of the correction, so the time handed out does not move.
     *
     * @param steppedNanos how far the system clock was moved forward (negative: back)
     */
    public synchronized void rebase(long steppedNanos) {
        Correction c = correction;
        correction = new Correction(c.from() - steppedNanos, c.to() - steppedNanos, c.since(), c.sign());
    }

    /** @return the offset applied now, nanoseconds */
    public long appliedOffsetNanos() {
        return correction.applied(nanoTime.getAsLong(), slewPerNano);
    }

    /** @return how much of the last correction is still to be slewed, nanoseconds (0 when reached) */
    public long remainingSlewNanos() {
        Correction c = correction;
        if (c.sign() == 0) {
            return 0; // nothing being slewed: spare the hot path a clock read
        }
        return Math.abs(c.to() - c.applied(nanoTime.getAsLong(), slewPerNano));
    }

    /**
     * A correction under way.
     *
     * @param from  the offset when it started
     * @param to    the offset to reach
     * @param since when it started, monotonic nanoseconds
     * @param sign  0 when applied at once, -1 while slewing down
     */
    private record Correction(long from, long to, long since, int sign) {

        long applied(long now, double slewPerNano) {
            if (sign == 0) {
                return to;
            }
            double moved = (now - since) * slewPerNano;
            double distance = (double) from - to;
            return moved >= distance ? to : from - (long) moved;
        }
    }
}
