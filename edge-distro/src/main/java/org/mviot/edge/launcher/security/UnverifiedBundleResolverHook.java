package org.mviot.edge.launcher.security;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every bundle revision that was not verified from resolving, so that its classes can never
 * load. Defence in depth: {@link SignedBundleGate} verifies and uninstalls at install time, and this
 * hook holds even for a revision that reached the framework by a path the gate did not see.
 * Registered on the system bundle before any other bundle starts.
 */
public final class UnverifiedBundleResolverHook implements ResolverHookFactory {

    private static final Logger LOG = LoggerFactory.getLogger(UnverifiedBundleResolverHook.class);

    private final Set<BundleRevision> verified = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final Set<BundleRevision> reported = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * Lets a revision resolve: its content was verified.
     *
     * @param revision the verified revision
     */
    public void admit(BundleRevision revision) {
        verified.add(revision);
    }

    /**
     * @param revision a bundle revision
     * @return whether it may resolve: the system bundle, or a verified revision
     */
    public boolean isAdmitted(BundleRevision revision) {
        return revision.getBundle().getBundleId() == 0 || verified.contains(revision);
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                candidates.removeIf(r -> {
                    boolean keep = isAdmitted(r);
                    if (!keep && reported.add(r)) {
                        LOG.warn("secure mode: bundle {} ({}) was not verified and will not resolve", r.getSymbolicName(),
                                SignedBundleGate.quote(r.getBundle().getLocation()));
                    }
                    return !keep;
                });
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
                // not a signature matter
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                // an unverified revision never resolves, so its capabilities are never wired: nothing to filter
            }

            @Override
            public void end() {
                // nothing held
            }
        };
    }
}
