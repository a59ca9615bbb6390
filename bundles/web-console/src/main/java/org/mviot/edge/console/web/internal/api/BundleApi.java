package org.mviot.edge.console.web.internal.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.mviot.edge.console.web.internal.ConsoleSettings;
import org.mviot.edge.console.web.internal.http.ApiException;
import org.mviot.edge.console.web.internal.http.Audit;
import org.mviot.edge.console.web.internal.http.Call;
import org.mviot.edge.console.web.internal.http.Replies;
import org.mviot.edge.console.web.internal.http.RequestBody;
import org.mviot.edge.console.web.internal.http.Route;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * {@code /bundles}: the installed bundles, and {@code POST} of a bundle jar (body; its name in {@code X-File-Name}) to
 * hot-deploy it as a jar dropped into {@code deploy/}. Before it goes there, the jar is tried: installed under a
 * location of its own (secure mode's gate verifies its signature on that install and uninstalls it if it refuses,
 * saying why), resolved against what runs, and uninstalled again. A jar the gate refuses or that does not resolve is
 * answered 422 with the reason, and {@code deploy/} is not touched.
 */
public final class BundleApi {

    private static final Pattern JAR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.jar");
    private static final String[] STATES = {"uninstalled", "installed", "resolved", "starting", "stopping", "active"};

    private final BundleContext context;
    private final Launcher launcher;
    private final ConsoleSettings settings;

    /**
     * @param context  this bundle's context
     * @param settings the console's settings (deploy directory, upload bound)
     */
    public BundleApi(BundleContext context, ConsoleSettings settings) {
        this.context = context;
        this.launcher = new Launcher(context);
        this.settings = settings;
    }

    /** @return the routes */
    public List<Route> routes() {
        return List.of(Route.of("GET", "/bundles", c -> Replies.json(c.resp(), 200, list())), Route.of("POST", "/bundles", this::upload));
    }

    private List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("symbolicName", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", state(b.getState()));
            m.put("location", b.getLocation());
            out.add(m);
        }
        return out;
    }

    private void upload(Call c) throws IOException {
        String name = c.req().getHeader("X-File-Name");
        if (name == null || !JAR.matcher(name).matches()) {
            throw new ApiException(400, "header X-File-Name " + Audit.quote(name) + " must name the jar: letters, digits, '.', '_' or '-', then .jar");
        }
        byte[] jar = RequestBody.bytes(c.req(), settings.uploadMax());
        Path deploy = settings.deployDir();
        Files.createDirectories(deploy);
        // hidden and not .jar: FileInstall ignores it until the rename
        Path tmp = deploy.resolve("." + name + ".part");
        String what = "bundle " + name + " (" + jar.length + " bytes)";
        try {
            Files.write(tmp, jar);
            Map<String, Object> tried = trial(tmp, name);
            Files.move(tmp, deploy.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Audit.info(c.user(), c.address(), what + " deployed: " + tried.get("symbolicName") + " " + tried.get("version"));
            tried.put("file", name);
            tried.put("status", "deployed");
            Replies.json(c.resp(), 200, tried);
        } catch (ApiException e) {
            Audit.refused(c.user(), c.address(), what + " refused: " + e.getMessage());
            throw e;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Installs, resolves and uninstalls the jar; answers its name and version, or throws 422 with the reason. */
    private Map<String, Object> trial(Path jar, String name) {
        String location = "mviot-console-trial:" + name + ":" + System.nanoTime();
        Bundle b;
        try (InputStream in = Files.newInputStream(jar)) {
            b = context.installBundle(location, in);
        } catch (BundleException e) {
            if (e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR) {
                // the same name and version runs already: FileInstall updates it from deploy/ when the file is its own
                return new LinkedHashMap<>(Map.of("symbolicName", "", "version", "", "note", e.getMessage()));
            }
            throw new ApiException(422, name + " is not an installable bundle: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        } catch (IOException | IllegalStateException | SecurityException e) {
            throw new ApiException(422, name + " cannot be installed: " + e.getMessage());
        }
        try {
            if (b.getState() == Bundle.UNINSTALLED) {
                @SuppressWarnings("unchecked")
                String reason = launcher.service(Function.class, "bundle-refusals").map(f -> (String) ((Function<String, String>) f).apply(location))
                        .orElse("it was uninstalled as soon as it was installed");
                throw new ApiException(422, name + " refused by secure mode: " + reason);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbolicName", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            boolean fragment = b.getHeaders("").get("Fragment-Host") != null;
            if (!fragment && !wiring.resolveBundles(List.of(b))) {
                throw new ApiException(422, name + " does not resolve: " + resolutionProblem(b));
            }
            return m;
        } finally {
            try {
                if (b.getState() != Bundle.UNINSTALLED) {
                    b.uninstall();
                }
                context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b));
            } catch (BundleException | IllegalStateException e) {
                // gone already
            }
        }
    }

    private static String resolutionProblem(Bundle b) {
        try {
            b.start(Bundle.START_TRANSIENT);
            b.stop();
            return "unknown";
        } catch (BundleException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return m.length() > 1000 ? m.substring(0, 1000) + "…" : m;
        }
    }

    private static String state(int s) {
        int i = Integer.numberOfTrailingZeros(s);
        return i < STATES.length ? STATES[i] : Integer.toString(s).toLowerCase(Locale.ROOT);
    }
}
