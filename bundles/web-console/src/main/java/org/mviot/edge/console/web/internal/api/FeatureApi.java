package org.mviot.edge.console.web.internal.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.mviot.edge.console.web.internal.http.ApiException;
import org.mviot.edge.console.web.internal.http.Audit;
import org.mviot.edge.console.web.internal.http.Call;
import org.mviot.edge.console.web.internal.http.Replies;
import org.mviot.edge.console.web.internal.http.Route;

/**
 * {@code /features}: the distribution's features, installed or not, and {@code POST}/{@code DELETE /features/{name}}
 * to install or uninstall one: the launcher's own installer ({@code mviot-edge install|uninstall}), which places the
 * feature's bundles and configuration in {@code deploy/} or removes them; the gateway applies that within a second.
 */
public final class FeatureApi {

    private static final String NAME = "([a-z0-9][a-z0-9-]{0,63})";
    private final Launcher launcher;

    FeatureApi(Launcher launcher) {
        this.launcher = launcher;
    }

    /** @param context this bundle's context */
    public FeatureApi(org.osgi.framework.BundleContext context) {
        this(new Launcher(context));
    }

    /** @return the routes */
    public List<Route> routes() {
        return List.of(Route.of("GET", "/features", c -> Replies.json(c.resp(), 200, list())),
                Route.of("POST", "/features/" + NAME, c -> change(c, "install")),
                Route.of("DELETE", "/features/" + NAME, c -> change(c, "uninstall")),
                Route.of("POST", "/features/(.+)", c -> badName(c)),
                Route.of("DELETE", "/features/(.+)", c -> badName(c)));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list() {
        return (List<Map<String, Object>>) installer().apply("list", null);
    }

    private void change(Call c, String op) throws IOException {
        String name = c.part(1);
        if (list().stream().noneMatch(f -> name.equals(f.get("name")))) {
            throw new ApiException(404, "no feature " + Audit.quote(name));
        }
        String message;
        try {
            message = String.valueOf(installer().apply(op, name));
        } catch (IllegalArgumentException e) {
            Audit.refused(c.user(), c.address(), op + " feature " + name + " refused: " + e.getMessage());
            throw new ApiException(409, e.getMessage());
        }
        Audit.info(c.user(), c.address(), op + " feature " + name + ": " + message);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feature", name);
        m.put("status", op.equals("install") ? "installed" : "uninstalled");
        m.put("message", message);
        Replies.json(c.resp(), 200, m);
    }

    private static void badName(Call c) {
        throw new ApiException(400, "feature name " + Audit.quote(c.part(1)) + " is not allowed: lower-case letters, digits and '-'");
    }

    @SuppressWarnings("unchecked")
    private BiFunction<String, String, Object> installer() {
        return launcher.require(BiFunction.class, "features");
    }
}
