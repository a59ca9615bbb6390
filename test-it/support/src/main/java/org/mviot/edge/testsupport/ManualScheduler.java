package org.mviot.edge.testsupport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose one-shot tasks run only when the test moves its clock past their time, on the
 * test's thread: timing logic (when a flush or a commit happens) tested without waiting and without
 * sleeps. Periodic scheduling and callables are not supported.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private long now;
    private final List<Task> tasks = new ArrayList<>();

    /** A task waiting for its time. */
    public final class Task implements ScheduledFuture<Object> {
        final Runnable body;
        final long at;
        boolean cancelled;
        boolean done;

        Task(Runnable body, long at) {
            this.body = body;
            this.at = at;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean interrupt) {
            if (done) {
                return false;
            }
            cancelled = true;
            return tasks.remove(this);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    /** @return the scheduler's clock, in nanoseconds: pass {@code scheduler::now} as the code's clock */
    public long now() {
        return now;
    }

    /** @return how many tasks wait */
    public int waiting() {
        return tasks.size();
    }

    /**
     * @return the due time of the one task waiting, in ms from now; -1 when none
     * @throws IllegalStateException when several wait
     */
    public long dueInMillis() {
        if (tasks.size() > 1) {
            throw new IllegalStateException(tasks.size() + " tasks wait, expected at most one");
        }
        return tasks.isEmpty() ? -1 : (tasks.get(0).at - now) / 1_000_000;
    }

    /**
     * Moves the clock and runs, in time order and each at its own time, every task whose time has come
     * (also those they schedule).
     *
     * @param ms milliseconds
     */
    public void advanceMillis(long ms) {
        long target = now + ms * 1_000_000;
        while (true) {
            Task next = tasks.stream().filter(t -> t.at <= target).min(Comparator.comparingLong(t -> t.at)).orElse(null);
            if (next == null) {
                now = target;
                return;
            }
            tasks.remove(next);
            now = Math.max(now, next.at); // the clock reads the task's time while it runs
            next.done = true;
            next.body.run();
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task t = new Task(command, now + unit.toNanos(delay));
        tasks.add(t);
        return t;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }
}
