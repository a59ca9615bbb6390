package org.mviot.edge.core.internal.scheduling;

import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The gateway's one scheduler thread ({@code mviot-scheduler}), behind {@link SharedScheduler}:
 * the core's poll ticks, merge windows and timeouts, and the short periodic checks of the other
 * bundles (policy file, time sync rounds) all wake this thread instead of one thread each.
 */
@Component(service = SchedulerThread.class)
public final class SchedulerThread {

    private final ScheduledThreadPoolExecutor executor;
    private final long originNanos;

    /** Starts the thread. */
    @Activate
    public SchedulerThread() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-scheduler");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        originNanos = System.nanoTime();
    }

    /** @return the thread's executor, for views ({@link ScopedScheduler}) only: they never shut it down */
    ScheduledThreadPoolExecutor executor() {
        return executor;
    }

    /** @return where the grid of periodic tasks starts ({@link System#nanoTime()}) */
    long origin() {
        return originNanos;
    }

    /** Stops the thread (every user's view is gone by then: they reference this component). */
    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }
}
