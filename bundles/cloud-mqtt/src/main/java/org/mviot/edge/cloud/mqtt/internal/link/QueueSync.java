package org.mviot.edge.cloud.mqtt.internal.link;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.mviot.edge.cloud.mqtt.internal.queue.RecordQueue;

/**
 * The queue's group commit: every {@code fsync.interval.ms} while updates are appended or delivered,
 * so power loss loses at most one interval of updates; when nothing changed since the last look the
 * next one waits twice as long, up to {@value #IDLE_MILLIS} ms, so an idle gateway does not wake five
 * times a second for nothing. The first update appended after a quiet spell brings the commit back to
 * one interval away. (A delivery alone can wait for the slower commit: after power loss it is sent
 * again, which the per-thing sequence numbers let the cloud recognise.)
 *
 * <p>The looks run on the timer (the gateway's shared scheduler: they only read two counters); a commit
 * ({@code fsync}, which can take a while on an SD card) runs on the {@code io} executor, whose thread
 * exists only while commits come. A quiet queue is committed once more {@value #SETTLE_MILLIS} ms after
 * its last change, for the delivery cursor, which the log writes at most that often; after that, looks
 * commit nothing until the queue changes.
 */
final class QueueSync {

    /** The longest gap between two commits of an idle queue. */
    static final long IDLE_MILLIS = 5000;
    /** How long after its last change a quiet queue gets its last commit (the log writes a moved cursor at most every 5 s). */
    static final long SETTLE_MILLIS = 5000;

    private final RecordQueue log;
    private final ScheduledExecutorService timer;
    private final Executor io;
    private final long intervalMillis;
    private final Consumer<IOException> failed;
    private final LongSupplier nanoClock;

    /** Guarded by this. */
    private ScheduledFuture<?> next;
    private long delayMillis;
    private long dueAtNanos;
    private long lastOffset = -1;
    private long lastCursor = -1;
    private long lastChangeNanos;
    /** Whether the commit after the queue's last change settled it: later looks at the unchanged queue commit nothing. */
    private boolean settled;
    private boolean stopped;

    QueueSync(RecordQueue log, ScheduledExecutorService timer, Executor io, long intervalMillis, Consumer<IOException> failed) {
        this(log, timer, io, intervalMillis, failed, System::nanoTime);
    }

    /**
     * @param log            the queue
     * @param timer          when to look (the link's timer)
     * @param io             runs the commits
     * @param intervalMillis the group commit's interval while updates flow
     * @param failed         told when a commit fails
     * @param nanoClock      monotonic time (tests pass their scheduler's)
     */
    QueueSync(RecordQueue log, ScheduledExecutorService timer, Executor io, long intervalMillis, Consumer<IOException> failed,
            LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.log = log;
        this.timer = timer;
        this.io = io;
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

    /** A look, on the timer: commits when the queue changed (or must settle), else only backs off. */
    private void look() {
        long offset = log.stats().nextOffset();
        long cursor = log.cursor();
        long now = nanoClock.getAsLong();
        boolean commit;
        synchronized (this) {
            boolean idle = offset == lastOffset && cursor == lastCursor;
            lastOffset = offset;
            lastCursor = cursor;
            if (!idle) {
                lastChangeNanos = now;
                settled = false;
            }
            commit = !idle || !settled && now - lastChangeNanos >= TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
            if (idle && commit) {
                settled = true;
            }
            delayMillis = idle ? Math.min(IDLE_MILLIS, delayMillis * 2) : intervalMillis;
            if (!commit) {
                schedule(delayMillis);
                return;
            }
        }
        try {
            io.execute(this::commit);
        } catch (RejectedExecutionException stopping) {
            // the link is stopping: its last commit is the queue's close
        }
    }

    /** A commit, on the io executor; the next look is scheduled when it is done. */
    private void commit() {
        try {
            log.sync();
        } catch (IOException e) {
            failed.accept(e);
        }
        synchronized (this) {
            schedule(delayMillis);
        }
    }

    private void schedule(long millis) {
        if (stopped || timer.isShutdown()) {
            return;
        }
        dueAtNanos = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(millis);
        next = timer.schedule(this::look, millis, TimeUnit.MILLISECONDS);
    }
}
