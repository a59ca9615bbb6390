package org.mviot.edge.launcher.framework;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.StartPlan;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and starts the features that start after ready ({@code start=after-ready}: the web
 * console, the gateway clock and position), feature by feature in install order. Their bundles are
 * started transiently: the framework never starts them by itself at the next run, so they always
 * come after ready. A bundle that cannot be installed or started is logged naming its feature; the
 * rest carries on and the gateway keeps running.
 */
final class AfterReadyStart implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AfterReadyStart.class);

    /** How the runtime installs (or updates) a distribution bundle. */
    interface Installer {
        Bundle install(BundleContext ctx, Path jar) throws BundleException, IOException;
    }

    private final BundleContext context;
    private final StartPlan plan;
    private final Installer installer;

    AfterReadyStart(BundleContext context, StartPlan plan, Installer installer) {
        this.context = context;
        this.plan = plan;
        this.installer = installer;
    }

    /**
     * Called for a cached bundle of an after-ready feature before the framework starts: a bundle
     * marked to start (by an earlier version of the launcher, or by {@code start} in the shell)
     * would otherwise start with the framework, before ready.
     *
     * @param bundle a bundle of an after-ready feature, the framework not started yet
     */
    static void keepFromStartingWithTheFramework(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        if (level != null && level.isPersistentlyStarted()) {
            try {
                bundle.stop(); // on a bundle that is not active this only clears its mark to start
            } catch (BundleException e) {
                LOG.warn("bundle {} may start before ready: {}", bundle.getSymbolicName(), oneLine(e));
            }
        }
    }

    @Override
    public void run() {
        if (plan.afterReady().isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            for (Feature f : plan.afterReady()) {
                start(f);
            }
        } catch (IllegalStateException e) {
            // the framework is stopping (a signal right after ready): nothing is left to start
            LOG.info("after-ready features not started: the gateway is stopping");
            return;
        }
        LOG.info("started after ready in {} ms: {}", (System.nanoTime() - start) / 1_000_000,
                String.join(" ", plan.afterReady().stream().map(Feature::name).toList()));
    }

    private void start(Feature feature) {
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : plan.bundlesAfterReady(feature)) {
            try {
                bundles.add(installer.install(context, jar));
            } catch (BundleException | IOException e) {
                stopIfTheFrameworkIs();
                LOG.error("feature {} (after ready): bundle {} cannot be installed: {}", feature.name(), jar.getFileName(), oneLine(e));
            }
        }
        for (Bundle b : bundles) {
            if (b.getState() == Bundle.UNINSTALLED || b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                continue; // refused by secure mode (logged by the gate), or a fragment: resolved with its host
            }
            try {
                b.start(Bundle.START_TRANSIENT);
            } catch (BundleException e) {
                stopIfTheFrameworkIs();
                LOG.error("feature {} (after ready): bundle {} ({}) cannot start: {}", feature.name(), b.getSymbolicName(), b.getLocation(),
                        oneLine(e));
            }
        }
    }

    /**
     * A stop that comes while the after-ready features install (a signal right after ready) makes every
     * install fail with "the framework has been shutdown": that is the stop, not a fault of the bundle.
     *
     * @throws IllegalStateException when the framework is no longer active (also what a context that is
     *                               gone throws)
     */
    private void stopIfTheFrameworkIs() {
        if (context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() != Bundle.ACTIVE) {
            throw new IllegalStateException("the framework is stopping");
        }
    }

    private static String oneLine(Exception e) {
        return String.valueOf(e.getMessage()).replace('\n', ' ');
    }
}
