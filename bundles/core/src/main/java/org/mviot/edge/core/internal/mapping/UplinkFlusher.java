package org.mviot.edge.core.internal.mapping;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.mviot.edge.core.internal.acquisition.PeriodicTask;

/**
 * Decides when the {@link Uplink} hands its pending updates to the publishers: as soon as an
 * acquisition batch is done (a poll cycle's readings, or an event, went through the pipeline), so
 * the changes of one thing from one cycle travel in one message without waiting; at most once per
 * {@code minIntervalMillis} on average (a poll's flush may start up to half an interval early, see
 * {@link #nextDueAt}), so under load the interval becomes a rate limit; and for changes no
 * batch announces (the gateway twin, a device's status, a window that ends on a tick, updates a full
 * publisher refused) at the latest one merge window after they arrived.
 *
 * <p>Flushes run one at a time. A poll cycle's batch ({@link #pollDone}) is flushed on the I/O thread
 * that read it when the rate limit allows: handing it to the scheduler thread would cost a thread
 * wake-up per poll cycle, the largest fixed cost of a cycle on a small board, and a little latency.
 * A value a driver pushed ({@link #pushDone}) is flushed on the driver's thread the same way.
 * Everything else (readings, changes no batch announces, retries, and whatever the rate limit holds
 * back) is flushed on the core's scheduler thread. An event flushed on its own thread leaves the merge-window
 * flush its first change armed in place (the next events then arm none: scheduling one per event woke the
 * scheduler thread per event); it runs once a window later and finds nothing, or what no batch announced.
 * A poll cycle cancels it: one a poll period later could split the next cycle.
 * So nothing is scheduled while nothing is pending, apart from that one flush a merge window after the last
 * change: an idle gateway does not wake up for the uplink.
 */
public final class UplinkFlusher implements Uplink.FlushSignal {

    private final Uplink uplink;
    private final ScheduledExecutorService scheduler;
    private final long windowNanos;
    private final long minIntervalNanos;
    private final LongSupplier nanoClock;
    private final Runnable flush = PeriodicTask.guard("uplink flush", this::flush);

    /** Guarded by this: the flush scheduled and when it is due. */
    private ScheduledFuture<?> scheduled;
    private long dueAt;
    /**
     * Guarded by this: when the next flush is due by the rate limit (a generic cell rate algorithm's
     * theoretical time): one minimum interval after the last flush, or after the time the flush before
     * was due if that one started early. A poll's own thread may flush up to half an interval before
     * it, so timer jitter (a 10 ms poll whose read ends at 9.8 ms) does not send every other cycle
     * through the scheduler: a thread wake-up and up to an interval of latency. Each flush moves it on
     * by a whole interval, so the rate stays at most one flush per interval (two in a row at most).
     */
    private long nextDueAt;
    /**
     * Guarded by this: whether the flush scheduled is a change's merge window (a batch on its own thread
     * leaves it in place), not one the rate limit put off (which that batch's flush makes needless).
     */
    private boolean mergeWindow;
    /** Guarded by this: whether a flush is running (on the scheduler or a poll's thread). */
    private boolean flushing;
    private boolean closed;
    /** Read without the lock on every change: whether a flush is already scheduled. */
    private volatile boolean armed;

    /**
     * @param uplink            what to flush
     * @param scheduler         the single thread flushes run on
     * @param windowMillis      the longest a change waits when no batch announces it (merge window)
     * @param minIntervalMillis the time between two flushes under load (a poll's may start up to half of it early, see {@link #nextDueAt})
     * @param nanoClock         monotonic time in nanoseconds (tests pass their own)
     */
    public UplinkFlusher(Uplink uplink, ScheduledExecutorService scheduler, long windowMillis, long minIntervalMillis, LongSupplier nanoClock) {
        this.uplink = uplink;
        this.scheduler = scheduler;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.minIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(minIntervalMillis, windowMillis));
        this.nanoClock = nanoClock;
        this.nextDueAt = nanoClock.getAsLong() - windowNanos;
    }

    /** A change arrived: make sure a flush is due within one merge window. */
    @Override
    public void changed() {
        if (armed) {
            return;
        }
        synchronized (this) {
            if (scheduled == null) {
                // a batch that announces itself brings this forward; until then it may still be growing
                long now = nanoClock.getAsLong();
                schedule(now + windowNanos, now);
                mergeWindow = true;
            }
        }
    }

    /** An acquisition batch is done: flush now, or as soon as the rate limit allows. */
    @Override
    public void batchDone() {
        synchronized (this) {
            batchDone(nanoClock.getAsLong());
        }
    }

    /**
     * A poll cycle's batch is done: flush it on this thread when the rate limit allows and no flush is
     * running, else as {@link #batchDone()} does.
     */
    @Override
    public void pollDone() {
        flushHere(false);
    }

    /**
     * A value a driver pushed is through the pipeline: flush it on the driver's thread as
     * {@link #pollDone()} does. An edge then reaches the cloud link without a thread hand-off (the
     * scheduler's wake-up was the largest part of an edge's latency on a busy core); the driver's
     * thread pays for the flush (encoding, the queue's append, handing the message to the MQTT client)
     * at most once per minimum interval, and on the interval's other events only this check.
     */
    @Override
    public void pushDone() {
        flushHere(true);
    }

    /**
     * @param keepWindow leave a merge-window flush in place (events): the next events' changes then need
     *                   not arm one each (on the scheduler thread a task that becomes the earliest wakes
     *                   it: a wake-up per event); it finds nothing left, or what arrived since. A poll
     *                   cycle cancels it: a window one poll period later could fire in the middle of the
     *                   next cycle and split its changes into two messages
     */
    private void flushHere(boolean keepWindow) {
        synchronized (this) {
            long now = nanoClock.getAsLong();
            boolean keep = keepWindow && mergeWindow;
            if (closed || flushing || now - (nextDueAt - minIntervalNanos / 2) < 0
                    || (scheduled != null && !keep && !scheduled.cancel(false))) {
                batchDone(now);
                return;
            }
            if (!keep) {
                scheduled = null; // cancelled: this flush takes what that one would have
            }
            begin(now);
        }
        flushAndRearm();
    }

    /** Guarded by this. */
    private void batchDone(long now) {
        long earliest = Math.max(now, nextDueAt);
        if (scheduled == null) {
            schedule(earliest, now);
        } else if (earliest < dueAt) {
            reschedule(earliest, now);
        }
    }

    /** Stops scheduling (the core is stopping); pending updates stay in the uplink. */
    public synchronized void close() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        closed = true;
        armed = true; // no new flushes
    }

    private void reschedule(long at, long now) {
        if (scheduled.cancel(false)) {
            schedule(at, now);
        }
        // a flush already running takes the changes with it, or arms the next one
    }

    private void schedule(long at, long now) {
        if (closed || scheduler.isShutdown()) {
            return;
        }
        mergeWindow = false;
        dueAt = at;
        scheduled = scheduler.schedule(flush, Math.max(0, at - now), TimeUnit.NANOSECONDS);
        armed = true;
    }

    /** The scheduled flush. */
    private void flush() {
        boolean pending;
        synchronized (this) {
            scheduled = null;
            long now = nanoClock.getAsLong();
            if (flushing) {
                // a poll's thread is flushing: come back once the rate limit allows, for what it may leave
                schedule(now + minIntervalNanos, now);
                return;
            }
            pending = uplink.hasPending();
            if (pending) {
                begin(now);
            } else {
                // a batch's thread flushed what armed this: nothing to send, no place in the rate limit taken
                armed = closed;
            }
        }
        if (pending) {
            flushAndRearm();
        } else if (uplink.hasPending()) {
            changed(); // a change that saw this flush still armed, just before it was disarmed
        }
    }

    /** Guarded by this: a flush starts; changes arriving meanwhile need no timer, {@link #flushAndRearm} looks after them. */
    private void begin(long now) {
        flushing = true;
        armed = true;
        nextDueAt = Math.max(nextDueAt, now) + minIntervalNanos;
    }

    private void flushAndRearm() {
        try {
            uplink.flush();
        } finally {
            synchronized (this) {
                flushing = false;
                armed = closed || scheduled != null;
            }
        }
        if (uplink.hasPending()) {
            changed(); // refused updates, or changes that arrived while handing over: retried within a window
        }
    }
}
