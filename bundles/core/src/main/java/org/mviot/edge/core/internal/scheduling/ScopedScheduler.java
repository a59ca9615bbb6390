package org.mviot.edge.core.internal.scheduling;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One user's view of a scheduler thread that several users share: tasks go to the shared thread,
 * and {@link #shutdownNow()} (or {@link #shutdown()}) cancels this user's tasks only and refuses
 * new ones, as if the user had its own executor. Periodic tasks run at a fixed rate on a grid of
 * their period counted from the thread's start, so tasks of the same period (the core's one-second
 * checks, the policy file's) fire in the same wake-up of the thread instead of one each.
 *
 * <p>Tasks must be short and never block (no network, no process): they delay everyone's.
 */
public class ScopedScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ScheduledExecutorService thread;
    private final long originNanos;
    private final LongSupplier nanoClock;
    private final Set<Future<?>> tasks = ConcurrentHashMap.newKeySet();
    private final Object runningLock = new Object();
    private int running;
    private volatile boolean shutdown;

    /**
     * @param thread      the shared scheduler (never shut down through this view)
     * @param originNanos where the grid of periodic tasks starts, in {@code nanoClock} time
     * @param nanoClock   the clock of the grid ({@code System::nanoTime})
     */
    public ScopedScheduler(ScheduledExecutorService thread, long originNanos, LongSupplier nanoClock) {
        this.thread = thread;
        this.originNanos = originNanos;
        this.nanoClock = nanoClock;
    }

    /** The grid's step for periods of a second or more. */
    static final long GRID_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * The first run of a periodic task: the first point of the grid at or after the requested
     * delay.
     *
     * @param nowNanos    now
     * @param originNanos the grid's origin
     * @param delayNanos  the requested initial delay
     * @param stepNanos   the grid's step
     * @return the delay to the first run, at least {@code delayNanos} and less than one step more
     */
    static long alignedDelay(long nowNanos, long originNanos, long delayNanos, long stepNanos) {
        long earliest = nowNanos + Math.max(0, delayNanos) - originNanos;
        long rest = Math.floorMod(earliest, stepNanos);
        return Math.max(0, delayNanos) + (rest == 0 ? 0 : stepNanos - rest);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Tracked<Void> t = new Tracked<>(() -> {
            command.run();
            return null;
        }, true);
        return track(t, thread.schedule(t::runOnce, delay, unit));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Tracked<V> t = new Tracked<>(callable, true);
        return track(t, thread.schedule(t::callOnce, delay, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return periodic(command, initialDelay, period, unit);
    }

    /**
     * Runs at a fixed rate, like {@link #scheduleAtFixedRate}: on the shared thread a run never
     * overlaps the next, and the grid keeps tasks of the same period in one wake-up (a fixed delay
     * would drift them apart by their run times).
     */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return periodic(command, initialDelay, delay, unit);
    }

    private ScheduledFuture<?> periodic(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        long periodNanos = unit.toNanos(period);
        long first = initialDelay <= 0 ? 0
                : alignedDelay(nanoClock.getAsLong(), originNanos, unit.toNanos(initialDelay), Math.min(periodNanos, GRID_NANOS));
        Tracked<Void> t = new Tracked<>(() -> {
            command.run();
            return null;
        }, false);
        return track(t, thread.scheduleAtFixedRate(t::runOnce, first, periodNanos, TimeUnit.NANOSECONDS));
    }

    private <F extends ScheduledFuture<?>> F track(Tracked<?> t, F future) {
        if (shutdown) {
            future.cancel(false);
            throw new RejectedExecutionException("this scheduler was shut down");
        }
        t.future = future;
        tasks.add(future);
        if (future.isDone()) {
            tasks.remove(future); // a one-shot task that ran before it was tracked
        }
        return future;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    /** Cancels this view's tasks and refuses new ones; the shared thread keeps running. */
    @Override
    public void shutdown() {
        shutdownNow();
    }

    /**
     * Cancels this view's tasks (a task running now finishes) and refuses new ones; the shared
     * thread keeps running for its other users.
     *
     * @return none: cancelled tasks are not handed back
     */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        for (Future<?> f : tasks) {
            f.cancel(false);
        }
        tasks.clear();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        synchronized (runningLock) {
            return shutdown && running == 0;
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        synchronized (runningLock) {
            while (!(shutdown && running == 0)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(runningLock, left);
            }
            return true;
        }
    }

    /** @return tasks of this view not yet done (periodic ones until cancelled) */
    int pending() {
        tasks.removeIf(Future::isDone);
        return tasks.size();
    }

    /** A task of this view: counted while it runs, forgotten when a one-shot run is over. */
    private final class Tracked<V> {
        private final Callable<V> task;
        private final boolean oneShot;
        private volatile Future<?> future;

        Tracked(Callable<V> task, boolean oneShot) {
            this.task = task;
            this.oneShot = oneShot;
        }

        void runOnce() {
            try {
                callOnce();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        V callOnce() throws Exception {
            synchronized (runningLock) {
                running++;
            }
            try {
                return task.call();
            } finally {
                synchronized (runningLock) {
                    running--;
                    runningLock.notifyAll();
                }
                Future<?> f = future;
                if (oneShot && f != null) {
                    tasks.remove(f);
                }
            }
        }
    }
}
