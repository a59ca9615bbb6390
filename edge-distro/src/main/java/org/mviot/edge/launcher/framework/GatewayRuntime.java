package org.mviot.edge.launcher.framework;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

import org.apache.felix.framework.FrameworkFactory;
import org.mviot.edge.api.launch.FrameworkProperties;
import org.mviot.edge.launcher.Layout;
import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.FeatureCatalog;
import org.mviot.edge.launcher.config.StartPlan;
import org.mviot.edge.launcher.security.SignedBundleGate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Apache Felix with the gateway's bundles and runs it until it is stopped.
 *
 * <p>Bundles of the profile's features are installed in place from {@code system/} (Felix
 * {@code reference:} URLs: nothing is copied into the cache), reconciled with the cache of the
 * previous run, and started in the features' order; features marked {@code start=after-ready} are
 * installed and started by {@link #startAfterReady()} once the gateway is ready. A bundle that
 * fails to start is reported in one line and the others carry on. Hot deployment is Apache FileInstall watching the deploy directory.
 */
public final class GatewayRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);
    private static final String REFERENCE = "reference:";

    private final Layout layout;
    private final List<Feature> features;
    private final StartPlan startPlan;
    private final Map<String, String> extraProperties;
    private final InstalledJars installedJars;
    private Framework framework;
    private SignedBundleGate gate;

    /**
     * @param layout          where the gateway's files are
     * @param features        features to start, in order
     * @param extraProperties framework properties for the bundles (gateway id, profile, …)
     */
    public GatewayRuntime(Layout layout, List<Feature> features, Map<String, String> extraProperties) {
        this.layout = layout;
        this.features = List.copyOf(features);
        this.startPlan = StartPlan.of(this.features);
        this.extraProperties = Map.copyOf(extraProperties);
        this.installedJars = InstalledJars.load(layout.data());
        if (installedJars.unusedBecause() != null) {
            LOG.warn("{} is ignored and written anew: {}", InstalledJars.FILE, installedJars.unusedBecause());
        }
    }

    /**
     * Secure mode: every bundle, installed by the launcher or later by anyone, passes this gate.
     *
     * @param gate the gate that verifies each bundle's signature before it can resolve
     */
    public void guardInstallsWith(SignedBundleGate gate) {
        this.gate = gate;
    }

    /**
     * Starts the framework and the bundles.
     *
     * @param interactive whether to offer the Gogo console on the terminal
     * @return the bundles that were asked to start (not those of after-ready features), for readiness checks
     * @throws BundleException if the framework itself cannot start
     * @throws IOException     if the distribution cannot be read
     */
    public List<Bundle> start(boolean interactive) throws BundleException, IOException {
        framework = new FrameworkFactory().newFramework(frameworkProperties(interactive));
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> bundles = reconcile(ctx, FeatureCatalog.bundlesOf(features), startPlan.bundlesWithGateway());
        rememberInstalledJars();
        installDefaultConfigurations();
        if (gate != null) {
            // before any bundle but the system bundle resolves; refused bundles are uninstalled. The cached bundles of
            // after-ready features are checked after ready (startAfterReady): they cannot resolve until then
            Set<String> afterReady = new HashSet<>();
            for (Feature f : startPlan.afterReady()) {
                startPlan.bundlesAfterReady(f).forEach(jar -> afterReady.add(location(jar)));
            }
            gate.guard(ctx, b -> afterReady.contains(b.getLocation()));
            bundles.removeIf(b -> b.getState() == Bundle.UNINSTALLED);
        }
        framework.start();
        for (Bundle b : bundles) {
            if (b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                LOG.error("bundle {} ({}) cannot start: {}", b.getSymbolicName(), b.getLocation(), e.getMessage().replace('\n', ' '));
            }
        }
        return bundles;
    }

    /**
     * Installs and starts the features that start after ready ({@code start=after-ready}), in order.
     * Call it once ready is announced. A bundle that cannot be installed or started is logged naming
     * its feature, and the others carry on: the gateway runs without it.
     */
    public void startAfterReady() {
        if (gate != null) {
            // secure mode: the cached bundles of these features, not checked before ready, before any of them starts
            gate.checkPutOff();
        }
        new AfterReadyStart(framework.getBundleContext(), startPlan, this::installOrUpdate).run();
        rememberInstalledJars();
    }
    /** @return the running framework */
    public Framework framework() {
        return framework;
    }

    /**
     * Installs missing bundles, updates changed ones and uninstalls distribution bundles that the
     * current features no longer name. Bundles hot-deployed through the deploy directory are left to
     * FileInstall. Bundles wanted but not started now (after-ready features) stay as the cache has
     * them, not marked to start with the framework: they start once ready is announced.
     *
     * @param wanted every bundle of the run's features
     * @param now    the bundles started with the gateway, in start order
     * @return those of {@code now} that are installed
     */
    private List<Bundle> reconcile(BundleContext ctx, List<Path> wanted, List<Path> now) throws IOException {
        Set<String> wantedLocations = new HashSet<>();
        wanted.forEach(jar -> wantedLocations.add(location(jar)));
        Set<String> nowLocations = new HashSet<>();
        now.forEach(jar -> nowLocations.add(location(jar)));
        for (Bundle b : ctx.getBundles()) {
            // Only the launcher installs by reference: a cached one it no longer wants came from an
            // earlier profile or from a distribution that has since moved (an upgrade unpacked elsewhere).
            if (b.getLocation().startsWith(REFERENCE) && !wantedLocations.contains(b.getLocation())) {
                try {
                    b.uninstall();
                    LOG.info("bundle {} removed: no feature of this profile needs {} any more", b.getSymbolicName(), b.getLocation());
                } catch (BundleException e) {
                    LOG.warn("bundle {} cannot be removed: {}", b.getSymbolicName(), e.getMessage());
                }
            } else if (wantedLocations.contains(b.getLocation()) && !nowLocations.contains(b.getLocation())) {
                AfterReadyStart.keepFromStartingWithTheFramework(b);
            }
        }
        List<Bundle> result = new ArrayList<>();
        for (Path jar : now) {
            try {
                result.add(installOrUpdate(ctx, jar));
            } catch (BundleException e) {
                LOG.error("bundle {} cannot be installed: {}", jar, e.getMessage().replace('\n', ' '));
            }
        }
        return result;
    }

    /**
     * The bundle at {@code jar}, installed by reference if missing, updated if the jar is newer than the cached one
     * or is not the one it was installed from ({@link InstalledJars}: another size or time, even an older one).
     */
    private Bundle installOrUpdate(BundleContext ctx, Path jar) throws BundleException, IOException {
        Bundle b = ctx.getBundle(location(jar));
        if (b == null) {
            b = ctx.installBundle(location(jar));
        } else if (Files.getLastModifiedTime(jar).toMillis() > b.getLastModified() || installedJars.changedSinceRemembered(jar)) {
            b.update();
        }
        installedJars.remember(jar);
        return b;
    }

    private void rememberInstalledJars() {
        try {
            installedJars.save();
        } catch (IOException e) {
            LOG.warn("{} cannot be written ({}): a distribution jar replaced by an older one is not noticed at the next start",
                    layout.data().resolve(InstalledJars.FILE), e.getMessage());
        }
    }

    private static String location(Path jar) {
        return REFERENCE + jar.toUri();
    }

    /** Copies each feature's default configuration into the deploy directory unless the file is already there. */
    private void installDefaultConfigurations() throws IOException {
        for (Feature f : features) {
            for (Path cfg : f.configs()) {
                Path target = layout.deploy().resolve(cfg.getFileName());
                if (!Files.exists(target)) {
                    Files.copy(cfg, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private Map<String, Object> frameworkProperties(boolean interactive) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, layout.frameworkCache().toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, classpathExports());
        p.put("felix.log.logger", new FelixLogBridge());
        p.put("felix.log.level", "2");
        // resolve on the calling thread: two resolver threads idle for the gateway's whole life otherwise
        p.put("felix.resolver.parallelism", "1");
        // Declarative Services keeps the components' parsed descriptors (OSGI-INF/*.xml) in its bundle data at stop and
        // reads them back at the next start instead of parsing every XML again: ~7 % of a start's CPU (raspberry-pi-4
        // profile, one core). Per bundle, valid while the bundle's last-modified time is the same (an install or update
        // changes it); a cache it cannot read is logged and the descriptors parsed as before.
        p.put("ds.cache.metadata", "true");
        // Hot deployment: jars and Config Admin files dropped into deploy/ (FileInstall polls it).
        p.put("felix.fileinstall.dir", layout.deploy().toString());
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.log.level", "3");
        p.put("felix.fileinstall.filter", ".*\\.(jar|cfg|config)");
        p.put("felix.fileinstall.tmpdir", layout.data().resolve("tmp").toString());
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.cm.dir", layout.data().resolve("config").toString());
        QuietRuntimeProperties.addTo(p);
        p.put("gosh.args", interactive ? "" : "--nointeractive");
        p.put("gosh.home", layout.data().toString());
        // only what bundles read (org.mviot.edge.api.launch.FrameworkProperties): the home and deploy
        // directories are the launcher's own business
        p.put(FrameworkProperties.CONF_DIR, layout.conf().toString());
        p.put(FrameworkProperties.DATA_DIR, layout.data().toString());
        p.putAll(extraProperties);
        return p;
    }

    /**
     * The launcher's class path carries the SLF4J binding (one log for the whole gateway) and the
     * DS runtime API (the launcher checks readiness with it); the system bundle exports whatever
     * packages those jars declare, with their versions, so bundles wire to the same classes.
     */
    static String classpathExports() throws IOException {
        List<String> exports = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar") || entry.contains("org.apache.felix.framework")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                var mf = jar.getManifest();
                String header = mf == null ? null : mf.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
                if (header != null && !entry.contains("mviot-edge-launcher")) {
                    exports.add(header);
                }
            }
        }
        return String.join(",", exports);
    }

    /**
     * Stops the framework and waits for it.
     *
     * @param timeoutMillis how long to wait
     * @return whether it stopped in time
     * @throws InterruptedException if interrupted
     */
    public boolean stop(long timeoutMillis) throws InterruptedException {
        if (framework == null) {
            return true;
        }
        try {
            framework.stop();
        } catch (BundleException e) {
            LOG.warn("framework stop failed: {}", e.getMessage());
        }
        return framework.waitForStop(timeoutMillis).getType() != org.osgi.framework.FrameworkEvent.WAIT_TIMEDOUT;
    }
}
