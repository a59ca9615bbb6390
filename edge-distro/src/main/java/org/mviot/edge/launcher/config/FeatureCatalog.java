package org.mviot.edge.launcher.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The features a distribution ships ({@code features/*.feature}), and the resolution of a list of
 * feature names into the ordered set of features they need.
 */
public final class FeatureCatalog {

    private final Map<String, Feature> features;
    private final Path featuresDir;

    private FeatureCatalog(Path featuresDir, Map<String, Feature> features) {
        this.featuresDir = featuresDir;
        this.features = features;
    }

    /**
     * Reads every descriptor.
     *
     * @param featuresDir directory of {@code *.feature} files
     * @param systemDir   directory of bundle jars
     * @return the catalog
     * @throws ConfigException if a descriptor is invalid
     */
    public static FeatureCatalog read(Path featuresDir, Path systemDir) throws ConfigException {
        Map<String, Feature> map = new TreeMap<>();
        try (var s = Files.list(featuresDir)) {
            for (Path p : (Iterable<Path>) s.filter(x -> x.toString().endsWith(Feature.SUFFIX)).sorted()::iterator) {
                Feature f = Feature.read(p, systemDir);
                map.put(f.name(), f);
            }
        } catch (java.io.IOException e) {
            throw new ConfigException(featuresDir + ": cannot list features (" + e.getMessage() + ")");
        }
        return new FeatureCatalog(featuresDir, map);
    }

    /** @return every feature, by name */
    public Map<String, Feature> all() {
        return java.util.Collections.unmodifiableMap(features);
    }

    /**
     * Resolves names into the features they need, required ones first, each once.
     *
     * @param names  feature names
     * @param origin who asked for them, for the error message (e.g. the profile file)
     * @return features in install order
     * @throws ConfigException if a name is unknown or requirements form a cycle
     */
    public List<Feature> resolve(List<String> names, String origin) throws ConfigException {
        Set<String> done = new LinkedHashSet<>();
        for (String n : names) {
            visit(n, origin, done, new LinkedHashSet<>());
        }
        List<Feature> out = new ArrayList<>();
        for (String n : done) {
            out.add(features.get(n));
        }
        return out;
    }

    private void visit(String name, String origin, Set<String> done, Set<String> path) throws ConfigException {
        if (done.contains(name)) {
            return;
        }
        Feature f = features.get(name);
        if (f == null) {
            throw new ConfigException(origin + ": unknown feature '" + name + "' (available in " + featuresDir + ": "
                    + String.join(", ", features.keySet()) + ")");
        }
        if (!path.add(name)) {
            throw new ConfigException(featuresDir.resolve(name + Feature.SUFFIX) + ": field 'requires' forms a cycle " + path);
        }
        for (String r : f.requires()) {
            visit(r, featuresDir.resolve(name + Feature.SUFFIX) + " (requires)", done, path);
        }
        path.remove(name);
        done.add(name);
    }

    /**
     * @param features features in install order
     * @return their bundles in start order, each once
     */
    public static List<Path> bundlesOf(List<Feature> features) {
        Map<Path, Boolean> seen = new LinkedHashMap<>();
        for (Feature f : features) {
            f.bundles().forEach(b -> seen.putIfAbsent(b, Boolean.TRUE));
        }
        return List.copyOf(seen.keySet());
    }
}
