package org.mviot.edge.launcher.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The features of a run split by when they start: those the gateway needs before it is ready, and
 * those started once ready is announced ({@code start=after-ready}). A feature marked after-ready
 * that a with-the-gateway feature requires starts with the gateway: what ready waits for never
 * waits for a feature that is not there yet.
 *
 * @param withGateway features started before ready, in install order
 * @param afterReady  features started after ready, in install order
 */
public record StartPlan(List<Feature> withGateway, List<Feature> afterReady) {

    /**
     * @param resolved features in install order, required ones first ({@link FeatureCatalog#resolve})
     * @return the split, each part keeping that order
     */
    public static StartPlan of(List<Feature> resolved) {
        Set<String> early = new HashSet<>();
        for (Feature f : resolved) {
            if (!f.startsAfterReady()) {
                early.add(f.name());
            }
        }
        // required features come first: walking backwards, each early feature's requirements are seen after it
        for (int i = resolved.size() - 1; i >= 0; i--) {
            Feature f = resolved.get(i);
            if (early.contains(f.name())) {
                early.addAll(f.requires());
            }
        }
        List<Feature> withGateway = new ArrayList<>();
        List<Feature> afterReady = new ArrayList<>();
        for (Feature f : resolved) {
            (early.contains(f.name()) ? withGateway : afterReady).add(f);
        }
        return new StartPlan(List.copyOf(withGateway), List.copyOf(afterReady));
    }

    /** @return the bundles started before ready, in start order, each once */
    public List<Path> bundlesWithGateway() {
        return FeatureCatalog.bundlesOf(withGateway);
    }

    /**
     * @param feature one of {@link #afterReady()}
     * @return its bundles that no with-the-gateway feature starts already, in start order
     */
    public List<Path> bundlesAfterReady(Feature feature) {
        List<Path> early = bundlesWithGateway();
        return feature.bundles().stream().filter(b -> !early.contains(b)).toList();
    }

    /**
     * @param feature one of the run's features
     * @return what a listing adds to it: {@code " (after ready)"} for one started after ready, else nothing
     */
    public String note(Feature feature) {
        return afterReady.contains(feature) ? " (after ready)" : "";
    }
}
