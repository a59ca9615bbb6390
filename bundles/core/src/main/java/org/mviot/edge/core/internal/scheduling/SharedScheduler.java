package org.mviot.edge.core.internal.scheduling;

import java.util.concurrent.ScheduledExecutorService;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The shared scheduler as a service: a plain {@link ScheduledExecutorService} with the property
 * {@value #FILTER_PROPERTY}{@code =shared} (no API type: bundles reference it with
 * {@code target = "(mviot.scheduler=shared)"}). Each bundle gets its own view
 * ({@link ScopedScheduler}): its tasks are cancelled when it lets go of the service or shuts its
 * view down; other bundles' tasks carry on. Tasks must be short and never block.
 */
@Component(service = ScheduledExecutorService.class, scope = ServiceScope.BUNDLE, property = SharedScheduler.FILTER_PROPERTY + "=shared")
public final class SharedScheduler extends ScopedScheduler {

    /** The service property that names the shared scheduler. */
    public static final String FILTER_PROPERTY = "mviot.scheduler";

    /** @param thread the one scheduler thread */
    @Activate
    public SharedScheduler(@Reference SchedulerThread thread) {
        super(thread.executor(), thread.origin(), System::nanoTime);
    }

    /** The bundle let go of the service: its tasks are cancelled. */
    @Deactivate
    void deactivate() {
        shutdownNow();
    }
}
