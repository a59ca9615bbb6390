package org.mviot.edge.launcher.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An installable capability: the bundles it consists of (jar files in the distribution's
 * {@code system/} directory), the features it needs, and its default configuration files
 * ({@code features/NAME/*.cfg}, Config Admin files in FileInstall's format).
 *
 * @param name        feature name, the descriptor's file name without {@code .feature}
 * @param description one line for listings
 * @param requires    features that must be present too
 * @param bundles     jar files, relative to {@code system/}, in start order
 * @param configs     default configuration files
 * @param start       when the launcher starts its bundles: with the gateway or after ready
 */
public record Feature(String name, String description, List<String> requires, List<Path> bundles, List<Path> configs,
        FeatureStart start) {

    /** File suffix of feature descriptors. */
    public static final String SUFFIX = ".feature";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /**
     * A feature that starts with the gateway.
     *
     * @param name        feature name
     * @param description one line for listings
     * @param requires    features that must be present too
     * @param bundles     jar files in start order
     * @param configs     default configuration files
     */
    public Feature(String name, String description, List<String> requires, List<Path> bundles, List<Path> configs) {
        this(name, description, requires, bundles, configs, FeatureStart.WITH_GATEWAY);
    }

    /** @return whether the launcher starts this feature's bundles only once the gateway is ready */
    public boolean startsAfterReady() {
        return start == FeatureStart.AFTER_READY;
    }

    /**
     * Reads and checks a descriptor: every bundle it names must exist in {@code systemDir}.
     *
     * @param descriptor the {@code NAME.feature} file
     * @param systemDir  directory holding the distribution's bundle jars
     * @return the feature
     * @throws ConfigException naming the file and the field
     */
    public static Feature read(Path descriptor, Path systemDir) throws ConfigException {
        PropertiesFile f = PropertiesFile.read(descriptor);
        String file = descriptor.getFileName().toString();
        String name = file.substring(0, file.length() - SUFFIX.length());
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(descriptor + ": a feature file name is lower-case letters, digits and '-', then .feature");
        }
        String description = f.required("description");
        FeatureStart start = FeatureStart.of(f);
        List<Path> bundles = new ArrayList<>();
        for (String jar : f.list("bundles")) {
            Path p = systemDir.resolve(jar);
            if (!jar.endsWith(".jar") || !Files.isRegularFile(p)) {
                throw f.error("bundles", "names '" + jar + "', which is not a jar in " + systemDir);
            }
            bundles.add(p);
        }
        List<Path> configs = new ArrayList<>();
        Path configDir = descriptor.resolveSibling(name);
        if (Files.isDirectory(configDir)) {
            try (var s = Files.list(configDir)) {
                s.filter(p -> p.toString().endsWith(".cfg") || p.toString().endsWith(".config")).sorted()
                        .forEach(configs::add);
            } catch (java.io.IOException e) {
                throw new ConfigException(configDir + ": cannot list default configurations (" + e.getMessage() + ")");
            }
        }
        if (bundles.isEmpty() && configs.isEmpty()) {
            throw f.error("bundles", "is empty and " + configDir + " holds no configuration: the feature installs nothing");
        }
        return new Feature(name, description, f.list("requires"), List.copyOf(bundles), List.copyOf(configs), start);
    }
}
