package org.mviot.edge.launcher.framework;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The framework {@code mviot-edge check} validates descriptors in: the same core and driver bundles the gateway runs,
 * so the check is the gateway's own validation (one code path), but nothing that opens a device or a connection.
 *
 * <p>Felix starts in a throw-away cache beside nothing of the gateway's (a running gateway is not disturbed). Declarative
 * Services and Config Admin start, and every bundle whose manifest says it registers a {@code Driver} or an
 * {@code EdgeStageFactory}; their components activate on first use, so a driver opens nothing until a device is
 * opened, which the check never does. The core bundle is only <em>resolved</em>: its components (the device registry,
 * the descriptor watcher) never run, and the launcher calls its {@code DescriptorCheck} through the core's class loader
 * as a {@link Function}, a type both sides share.
 */
public final class CheckRuntime implements AutoCloseable {

    private static final String CORE = "org.mviot.edge.core";
    private static final String CHECK_CLASS = "org.mviot.edge.core.internal.descriptor.DescriptorCheck";
    private static final Set<String> SERVICES = Set.of("org.mviot.edge.api.driver.Driver", "org.mviot.edge.api.edge.EdgeStageFactory");
    private static final Set<String> DS = Set.of("org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.log");
    private static final String FILE_INSTALL = "org.apache.felix.fileinstall";
    private static final String DRIVER_NAME = "mviot.driver.name";

    private final Path cache;
    private final Framework framework;
    private final List<Bundle> started = new ArrayList<>();
    private final Bundle core;

    /**
     * Starts the framework.
     *
     * @param bundles every bundle the distribution ships (and the hot-deployed ones), by file
     * @throws IOException     when the cache cannot be made or the distribution read
     * @throws BundleException when the framework, the core or a driver cannot start
     */
    public CheckRuntime(List<Path> bundles) throws IOException, BundleException {
        this(bundles, null);
    }

    /**
     * Starts the framework, with Config Admin configurations for the drivers that need one to start (the GPIO
     * driver's board facts, written from the profile as the gateway writes them).
     *
     * @param bundles        every bundle the distribution ships (and the hot-deployed ones), by file
     * @param configurations a directory of {@code PID.cfg} files FileInstall hands to Config Admin, {@code null} for none
     * @throws IOException     when the cache cannot be made or the distribution read
     * @throws BundleException when the framework, the core or a driver cannot start
     */
    public CheckRuntime(List<Path> bundles, Path configurations) throws IOException, BundleException {
        cache = Files.createTempDirectory("mviot-check-");
        Map<String, Object> p = new LinkedHashMap<>();
        if (configurations != null) {
            p.put("felix.fileinstall.dir", configurations.toString());
            p.put("felix.fileinstall.poll", "100");
            p.put("felix.fileinstall.noInitialDelay", "true");
            p.put("felix.fileinstall.filter", ".*\\.cfg");
            p.put("felix.fileinstall.enableConfigSave", "false");
            p.put("felix.fileinstall.log.level", "1");
            p.put("felix.fileinstall.tmpdir", cache.resolve("fileinstall-tmp").toString());
        }
        p.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, GatewayRuntime.classpathExports());
        p.put("felix.log.logger", new FelixLogBridge());
        p.put("felix.log.level", "1");
        framework = new FrameworkFactory().newFramework(p);
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : new LinkedHashSet<>(bundles)) {
            installed.add(ctx.installBundle("reference:" + jar.toUri()));
        }
        framework.start();
        Bundle coreBundle = null;
        for (Bundle b : installed) {
            if (CORE.equals(b.getSymbolicName())) {
                coreBundle = b;
            } else if (DS.contains(b.getSymbolicName()) || registersWhatTheCheckNeeds(b)
                    || configurations != null && FILE_INSTALL.equals(b.getSymbolicName())) {
                b.start();
                started.add(b);
            }
        }
        if (coreBundle == null || !framework.adapt(FrameworkWiring.class).resolveBundles(List.of(coreBundle))) {
            throw new BundleException("the core bundle " + CORE + " is missing from the distribution or cannot be resolved");
        }
        core = coreBundle;
    }

    /** Whether the bundle's manifest declares a Driver or EdgeStageFactory service (bnd writes it from the DS annotations). */
    private static boolean registersWhatTheCheckNeeds(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        if (rev == null || (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
            return false;
        }
        for (BundleCapability c : rev.getDeclaredCapabilities("osgi.service")) {
            Object classes = c.getAttributes().get("objectClass");
            if (classes instanceof List<?> l && l.stream().anyMatch(SERVICES::contains)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param namespace the core's thing namespace
     * @param gatewayBundles the bundles the gateway itself runs (its profile's features and hot-deployed jars): their
     *                       drivers are installed, the others are checked and their devices noted as waiting
     * @return the core's descriptor check, with the drivers that started
     * @throws InterruptedException when interrupted while the drivers start
     * @throws BundleException      when the core's check cannot be loaded
     */
    @SuppressWarnings("unchecked")
    public Function<List<Path>, List<String[]>> descriptorCheck(String namespace, List<Path> gatewayBundles) throws InterruptedException, BundleException {
        // the drivers' components are satisfied (or wait for a configuration the check does not give)
        List<String> waiting = new Readiness(framework.getBundleContext(), started).await(10_000);
        if (!waiting.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(CheckRuntime.class).debug("check runs without: {}", waiting);
        }
        Set<String> installed = driversOf(gatewayBundles);
        try {
            Class<?> c = core.loadClass(CHECK_CLASS);
            return (Function<List<Path>, List<String[]>>) c.getConstructor(BundleContext.class, String.class, Set.class)
                    .newInstance(framework.getBundleContext(), namespace, installed);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new BundleException("the core bundle has no descriptor check " + CHECK_CLASS + ": " + e);
        }
    }

    /** @return the names of the drivers the bundles of these files register */
    private Set<String> driversOf(List<Path> jars) {
        Set<String> out = new java.util.TreeSet<>();
        Set<String> locations = new java.util.HashSet<>();
        jars.forEach(j -> locations.add("reference:" + j.toUri()));
        for (Bundle b : started) {
            ServiceReference<?>[] refs = locations.contains(b.getLocation()) ? b.getRegisteredServices() : null;
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                if (r.getProperty(DRIVER_NAME) != null) {
                    out.add(String.valueOf(r.getProperty(DRIVER_NAME)));
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        try {
            framework.stop();
            framework.waitForStop(5_000);
        } catch (BundleException e) {
            // a framework that will not stop leaves only its temporary cache behind
        }
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }
}
