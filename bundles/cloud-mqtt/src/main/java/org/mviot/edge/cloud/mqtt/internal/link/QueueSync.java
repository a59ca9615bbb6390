package org.mviot.edge.cloud.mqtt.internal.link;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.mviot.edge.cloud.mqtt.internal.queue.RecordQueue;

/**
 * The queue's group commit on the link's timer: every {@code fsync.interval.ms} while updates are
 * appended or delivered, so power loss loses at most one interval of updates; when nothing changed
 * since the last commit the next one waits twice as long, up to {@value #IDLE_MILLIS} ms, so an idle
 * gateway does not wake five times a second for nothing. The first update appended after a quiet
 * spell brings the commit back to one interval away. (A delivery alone can wait for the slower commit:
 * after power loss it is sent again, which the per-thing sequence numbers let the cloud recognise.)
 */
final class QueueSync {

    /** The longest gap between two commits of an idle queue. */
    static final long IDLE_MILLIS = 5000;

    private final RecordQueue log;
    private final ScheduledExecutorService timer;
    private final long intervalMillis;
    private final Consumer<IOException> failed;
    private final LongSupplier nanoClock;

    /** Guarded by this. */
    private ScheduledFuture<?> next;
    private long delayMillis;
    private long dueAtNanos;
    private long lastOffset = -1;
    private long lastCursor = -1;
    private boolean stopped;

    QueueSync(RecordQueue log, ScheduledExecutorService timer, long intervalMillis, Consumer<IOException> failed) {
        this(log, timer, intervalMillis, failed, System::nanoTime);
    }

    /**
     * @param log            the queue
     * @param timer          the link's timer
     * @param intervalMillis the group commit's interval while updates flow
     * @param failed         told when a commit fails
     * @param nanoClock      monotonic time (tests pass their scheduler's)
     */
    QueueSync(RecordQueue log, ScheduledExecutorService timer, long intervalMillis, Consumer<IOException> failed, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.log = log;
        this.timer = timer;
        this.intervalMillis = intervalMillis;
        this.failed = failed;
        this.delayMillis = intervalMillis;
    }

    synchronized void start() {
        schedule(intervalMillis);
    }

    /** An update was appended: it is made durable within one interval. */
    void appended() {
        if (delayMillis == intervalMillis) {
            return; // already committing at the full rate (read without the lock: at worst one extra check)
        }
        synchronized (this) {
            long within = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            delayMillis = intervalMillis;
            if (next != null && dueAtNanos > within && next.cancel(false)) {
                schedule(intervalMillis);
            }
        }
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private void run() {
        long offset = log.stats().nextOffset();
        long cursor = log.cursor();
        try {
            log.sync();
        } catch (IOException e) {
            failed.accept(e);
        }
        synchronized (this) {
            boolean idle = offset == lastOffset && cursor == lastCursor;
            lastOffset = offset;
            lastCursor = cursor;
            delayMillis = idle ? Math.min(IDLE_MILLIS, delayMillis * 2) : intervalMillis;
            schedule(delayMillis);
        }
    }

    private void schedule(long millis) {
        if (stopped || timer.isShutdown()) {
            return;
        }
        dueAtNanos = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(millis);
        next = timer.schedule(this::run, millis, TimeUnit.MILLISECONDS);
    }
}
