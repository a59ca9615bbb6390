package org.mviot.edge.launcher.framework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Decides when the gateway is ready: every bundle it was asked to start is active, and every enabled
 * Declarative Services component of those bundles is satisfied (components that wait for a
 * configuration that has not been given are not waited for). Re-evaluated on every bundle and service
 * event, so readiness is noticed as soon as it happens.
 */
public final class Readiness {

    private final BundleContext context;
    private final Collection<Bundle> bundles;
    private final Object signal = new Object();

    /**
     * @param context the system bundle's context
     * @param bundles the bundles that must be active
     */
    public Readiness(BundleContext context, Collection<Bundle> bundles) {
        this.context = context;
        this.bundles = List.copyOf(bundles);
    }

    /**
     * Waits until ready or until the timeout.
     *
     * @param timeoutMillis how long to wait
     * @return an empty list when ready, else one line per thing that is not
     * @throws InterruptedException if interrupted
     */
    public List<String> await(long timeoutMillis) throws InterruptedException {
        try {
            return awaitRunning(timeoutMillis);
        } catch (IllegalStateException e) {
            // the framework stopped meanwhile (a signal, the console's end of input): its context is invalid
            return List.of(STOPPED);
        }
    }

    /** What {@link #await} answers when the framework stopped before the gateway was ready. */
    public static final String STOPPED = "the framework stopped before the gateway was ready";

    private List<String> awaitRunning(long timeoutMillis) throws InterruptedException {
        BundleListener bl = (BundleEvent e) -> wake();
        ServiceListener sl = (ServiceEvent e) -> wake();
        context.addBundleListener(bl);
        context.addServiceListener(sl);
        try {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            List<String> problems = problems();
            while (!problems.isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return problems;
                }
                synchronized (signal) {
                    // SCR activates components on its own threads; an event wakes us at once, the
                    // short bound catches state changes that fire no event (DS state is not evented).
                    signal.wait(Math.min(left, 10));
                }
                problems = problems();
            }
            return problems;
        } finally {
            context.removeServiceListener(sl);
            context.removeBundleListener(bl);
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** @return what is not ready yet, one line each; empty when ready */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Bundle b : bundles) {
            boolean fragment = b.getHeaders("").get("Fragment-Host") != null;
            int wanted = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != wanted && !(fragment && b.getState() == Bundle.ACTIVE)) {
                out.add("bundle " + b.getSymbolicName() + " is " + state(b.getState()));
            }
        }
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            out.add("Declarative Services (SCR) is not running");
            return out;
        }
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundles.toArray(new Bundle[0]))) {
                if (!scr.isComponentEnabled(d)) {
                    continue;
                }
                Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
                if (configs.isEmpty() && !"require".equals(d.configurationPolicy)) {
                    out.add("component " + d.name + " is not yet created");
                }
                for (ComponentConfigurationDTO c : configs) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        out.add("component " + d.name + " is " + componentState(c));
                    }
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return out;
    }

    private static String componentState(ComponentConfigurationDTO c) {
        return switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                List<String> missing = new ArrayList<>();
                for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                    missing.add(r.name + (r.target == null ? "" : " " + r.target));
                }
                yield "missing service(s) " + missing;
            }
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed to activate: " + c.failure;
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for its configuration";
            default -> "in state " + c.state;
        };
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.INSTALLED -> "installed but not resolved";
            case Bundle.RESOLVED -> "resolved but not started";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "in state " + s;
        };
    }
}
