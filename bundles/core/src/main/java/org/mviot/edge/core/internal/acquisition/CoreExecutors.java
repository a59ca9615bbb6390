package org.mviot.edge.core.internal.acquisition;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The core's threads, shared by all devices (no thread per device): a small scheduler for poll
 * ticks, merge windows and timeouts, and a bounded pool with a bounded queue for driver I/O. Every
 * driver call goes through {@link #call} with a timeout; an overrunning call is interrupted.
 */
public final class CoreExecutors implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor io;

    /**
     * @param ioThreads  threads for driver calls
     * @param queueSize  driver calls that may wait for a thread; more are refused
     */
    public CoreExecutors(int ioThreads, int queueSize) {
        this(ownScheduler(), ioThreads, queueSize);
    }

    /**
     * @param scheduler  the scheduler to use (the gateway's shared one); {@link #close()} shuts it
     *                   down, which for the shared scheduler's view cancels the core's tasks only
     * @param ioThreads  threads for driver calls
     * @param queueSize  driver calls that may wait for a thread; more are refused
     */
    public CoreExecutors(ScheduledExecutorService scheduler, int ioThreads, int queueSize) {
        this.scheduler = scheduler;
        io = new ThreadPoolExecutor(ioThreads, ioThreads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize), named("mviot-core-io"));
        io.allowCoreThreadTimeOut(true);
    }

    private static ScheduledExecutorService ownScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, named("mviot-core-scheduler"));
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return s;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** @return the shared scheduler (keep its tasks short: they never call drivers) */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return driver calls waiting for a thread */
    public int ioBacklog() {
        return io.getQueue().size();
    }

    /**
     * Runs a driver call on the I/O pool with a timeout.
     *
     * @param <T>           result type
     * @param task          the call
     * @param timeoutMillis how long it may take
     * @return its result; completes exceptionally with {@link TimeoutException} when it overran (and
     *         it is interrupted), with {@link RejectedExecutionException} when the I/O queue is full
     */
    public <T> CompletableFuture<T> call(Callable<T> task, long timeoutMillis) {
        CompletableFuture<T> result = new CompletableFuture<>();
        FutureTask<T> ft = new FutureTask<>(task) {
            @Override
            protected void done() {
                if (isCancelled()) {
                    return;
                }
                try {
                    result.complete(get());
                } catch (java.util.concurrent.ExecutionException e) {
                    result.completeExceptionally(e.getCause());
                } catch (InterruptedException | java.util.concurrent.CancellationException e) {
                    result.completeExceptionally(e);
                }
            }
        };
        try {
            io.execute(ft);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(io.isShutdown()
                    ? new java.util.concurrent.CancellationException("the core is stopping")
                    : new RejectedExecutionException("driver I/O queue is full (" + io.getQueue().size() + " calls waiting)"));
            return result;
        }
        java.util.concurrent.ScheduledFuture<?> watchdog;
        try {
            watchdog = scheduler.schedule(() -> {
                if (result.completeExceptionally(new TimeoutException("no answer within " + timeoutMillis + " ms"))) {
                    ft.cancel(true);
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the core is stopping between the two submissions: the call is abandoned, not failed
            ft.cancel(true);
            result.completeExceptionally(new java.util.concurrent.CancellationException("the core is stopping"));
            return result;
        }
        result.whenComplete((v, e) -> watchdog.cancel(false));
        return result;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        io.shutdownNow();
    }
}
