package org.mviot.edge.console.web.internal.api;

import java.util.Collection;
import java.util.Optional;

import org.mviot.edge.console.web.internal.http.ApiException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The services the launcher registers for the console (features, the log's last lines, secure mode's refusals):
 * JDK functional types with the property {@code mviot.launcher=NAME}, looked up at each use, so that the console
 * works (without them) in a framework no launcher started.
 */
final class Launcher {

    private final BundleContext context;

    Launcher(BundleContext context) {
        this.context = context;
    }

    /**
     * @param type the service's type
     * @param name its {@code mviot.launcher} name
     * @return the service, if the launcher registered it
     */
    <T> Optional<T> service(Class<T> type, String name) {
        try {
            Collection<ServiceReference<T>> refs = context.getServiceReferences(type, "(mviot.launcher=" + name + ")");
            for (ServiceReference<T> r : refs) {
                T s = context.getService(r);
                if (s != null) {
                    // the launcher's services live as long as the framework: nothing to release before the bundle stops
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param type the service's type
     * @param name its name
     * @return the service
     * @throws ApiException 503 when the launcher registered none
     */
    <T> T require(Class<T> type, String name) {
        return service(type, name).orElseThrow(() -> new ApiException(503, "this gateway was not started by the mviot-edge launcher: no '" + name
                + "' service"));
    }
}
