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
    private final Set<BundleRevision> pending = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * Lets a revision resolve: its content was verified.
     *
     * @param revision the verified revision
     */
    public void admit(BundleRevision revision) {
        verified.add(revision);
    }

    /**
     * Keeps a revision from resolving without a warning: the gate verifies it later (a bundle of a
     * feature that starts after ready). It resolves once {@link #admit admitted}.
     *
     * @param revision the revision whose verification is put off
     */
    public void putOff(BundleRevision revision) {
        pending.add(revision);
    }

    /**
     * @param revision a bundle revision
     * @return whether it may resolve: the system bundle, or a verified revision
     */
    public boolean isAdmitted(BundleRevision revision) {
        return revision.getBundle().getBundleId() == 0 || verified.contains(revision);
    }

    /**
     * Apache Felix (7.0.5) turns what {@code filterResolvable} leaves into a white list that it then
     * applies to the providers of every requirement, and builds it from the unresolved revisions only:
     * once any revision is removed there, the capabilities of every resolved bundle (the system bundle's
     * {@code java.*} and {@code org.osgi.framework} packages) vanish from that resolve and nothing
     * resolves. So an unadmitted revision is removed there only when it is one the resolve was asked for
     * (a trigger: that resolve fails for it, as it must); otherwise it is kept out by
     * {@code filterMatches}: no requirement is wired to its capabilities (it is never pulled in as a
     * provider), and no requirement of its own finds a provider (an unadmitted fragment never attaches
     * to its host).
     */
    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                candidates.removeIf(r -> {
                    boolean refuse = triggers.contains(r) && !isAdmitted(r);
                    if (refuse && !pending.contains(r) && reported.add(r)) {
                        LOG.warn("secure mode: bundle {} ({}) was not verified and will not resolve", r.getSymbolicName(),
                                SignedBundleGate.quote(r.getBundle().getLocation()));
                    }
                    return refuse;
                });
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
                // not a signature matter
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                if (requirement.getRevision() != null && !isAdmitted(requirement.getRevision())) {
                    candidates.clear();
                } else {
                    candidates.removeIf(c -> !isAdmitted(c.getRevision()));
                }
            }

            @Override
            public void end() {
                // nothing held
            }
        };
    }
}
