package org.mviot.edge.launcher.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Installs a feature into a gateway, running or not, by placing its bundles and default
 * configuration files in the deploy directory, where FileInstall picks them up. Features that the
 * hardware profile already starts are skipped: their bundles are installed by the launcher.
 */
public final class FeatureInstaller {

    private final FeatureCatalog catalog;
    private final Path deploy;

    /**
     * @param catalog the distribution's features
     * @param deploy  the deploy directory
     */
    public FeatureInstaller(FeatureCatalog catalog, Path deploy) {
        this.catalog = catalog;
        this.deploy = deploy;
    }

    /**
     * Installs a feature and what it requires.
     *
     * @param name        feature name
     * @param fromProfile features the profile starts already
     * @return the files placed in the deploy directory
     * @throws ConfigException if the feature is unknown or already part of the profile
     * @throws IOException     if files cannot be copied
     */
    public List<Path> install(String name, Set<String> fromProfile) throws ConfigException, IOException {
        if (fromProfile.contains(name)) {
            throw new ConfigException("feature '" + name + "' is already started by the hardware profile");
        }
        List<Path> placed = new ArrayList<>();
        Files.createDirectories(deploy);
        for (Feature f : catalog.resolve(List.of(name), "install")) {
            if (fromProfile.contains(f.name())) {
                continue;
            }
            for (Path cfg : f.configs()) {
                Path target = deploy.resolve(cfg.getFileName());
                if (!Files.exists(target)) {
                    copyAtomically(cfg, target);
                    placed.add(target);
                }
            }
            for (Path jar : f.bundles()) {
                Path target = deploy.resolve(jar.getFileName());
                copyAtomically(jar, target);
                placed.add(target);
            }
        }
        return placed;
    }

    /**
     * Removes a feature's bundles from the deploy directory (FileInstall then uninstalls them).
     * Its configuration files stay, so a later reinstall keeps the installer's edits.
     *
     * @param name feature name
     * @return the files removed
     * @throws ConfigException if the feature is unknown
     * @throws IOException     if files cannot be removed
     */
    public List<Path> uninstall(String name) throws ConfigException, IOException {
        Feature f = catalog.all().get(name);
        if (f == null) {
            throw new ConfigException("unknown feature '" + name + "' (available: " + String.join(", ", catalog.all().keySet()) + ")");
        }
        List<Path> removed = new ArrayList<>();
        for (Path jar : f.bundles()) {
            Path target = deploy.resolve(jar.getFileName());
            if (Files.deleteIfExists(target)) {
                removed.add(target);
            }
        }
        return removed;
    }

    /**
     * @param name feature name
     * @return whether all of the feature's bundles are in the deploy directory
     */
    public boolean isDeployed(String name) {
        Feature f = catalog.all().get(name);
        return f != null && !f.bundles().isEmpty()
                && f.bundles().stream().allMatch(j -> Files.exists(deploy.resolve(j.getFileName())));
    }

    /** FileInstall must never see a half-copied jar: copy beside it under a name it ignores, then rename. */
    private static void copyAtomically(Path source, Path target) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
