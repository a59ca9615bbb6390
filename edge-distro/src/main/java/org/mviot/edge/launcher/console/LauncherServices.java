package org.mviot.edge.launcher.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.FeatureCatalog;
import org.mviot.edge.launcher.config.FeatureInstaller;
import org.mviot.edge.launcher.security.SignedBundleGate;
import org.osgi.framework.BundleContext;

/**
 * What the launcher knows and the web console shows or does, registered in the framework as services of JDK types
 * (the launcher's classes are not visible to bundles), each with the property {@value #PROPERTY}:
 * <ul>
 * <li>{@code features}: a {@link BiFunction}{@code <String, String, Object>}: {@code ("list", null)} the features
 * as maps ({@code name}, {@code description}, {@code installed}, {@code state}); {@code ("install", NAME)} and
 * {@code ("uninstall", NAME)} the same as {@code mviot-edge install|uninstall NAME} ({@link FeatureInstaller}), answering
 * what was done; a refusal is an {@link IllegalArgumentException} with the reason</li>
 * <li>{@code log}: the {@link LogRing}</li>
 * <li>{@code bundle-refusals} (secure mode only): a {@link Function}{@code <String, String>} from a bundle location to
 * the reason {@link SignedBundleGate} refused it, or {@code null}</li>
 * </ul>
 */
public final class LauncherServices {

    /** The service property that names each. */
    public static final String PROPERTY = "mviot.launcher";

    private LauncherServices() {
    }

    /**
     * @param system    the system bundle's context
     * @param catalog   the distribution's features
     * @param deploy    the hot-deploy directory
     * @param inProfile the features the profile starts
     * @param gate      the secure mode's gate, if on
     */
    public static void register(BundleContext system, FeatureCatalog catalog, Path deploy, List<Feature> inProfile, Optional<SignedBundleGate> gate) {
        Set<String> profile = new java.util.HashSet<>();
        inProfile.forEach(f -> profile.add(f.name()));
        FeatureInstaller installer = new FeatureInstaller(catalog, deploy);
        BiFunction<String, String, Object> features = (op, name) -> {
            try {
                return switch (op) {
                    case "list" -> list(catalog, installer, profile);
                    case "install" -> {
                        List<Path> placed = installer.install(name, profile);
                        yield "feature " + name + ": " + placed.size() + " file(s) placed in " + deploy + "; the gateway installs them within a second";
                    }
                    case "uninstall" -> {
                        if (profile.contains(name)) {
                            throw new IllegalArgumentException("feature " + name + " is started by the hardware profile; it cannot be uninstalled here");
                        }
                        List<Path> removed = installer.uninstall(name);
                        yield "feature " + name + ": " + removed.size() + " bundle(s) removed from " + deploy;
                    }
                    default -> throw new IllegalArgumentException("unknown operation " + op);
                };
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        system.registerService(BiFunction.class, features, named("features"));
        system.registerService(Function.class, LogRing.INSTANCE, named("log"));
        gate.ifPresent(g -> system.registerService(Function.class, (Function<String, String>) location -> g.refusals().get(location),
                named("bundle-refusals")));
    }

    private static List<Map<String, Object>> list(FeatureCatalog catalog, FeatureInstaller installer, Set<String> profile) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Feature f : catalog.all().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            boolean inProfile = profile.contains(f.name());
            boolean deployed = installer.isDeployed(f.name());
            m.put("name", f.name());
            m.put("description", f.description());
            m.put("installed", inProfile || deployed);
            m.put("state", inProfile ? "profile" : deployed ? "installed" : "available");
            m.put("requires", f.requires());
            out.add(m);
        }
        return out;
    }

    private static Dictionary<String, Object> named(String name) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(PROPERTY, name);
        return p;
    }
}
