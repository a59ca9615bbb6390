package org.mviot.edge.launcher.security;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure mode's single checkpoint: every bundle the framework installs or updates, whoever asks
 * (the launcher from {@code system/}, FileInstall from {@code deploy/} and so {@code mviot-edge
 * install FEATURE}, the shell's {@code install} and {@code update}), has its content jar verified
 * by {@link BundleSignatureVerifier} before anything can resolve it. A refused bundle is
 * uninstalled at once, with the reason logged naming its location; a verified revision is admitted
 * to {@link UnverifiedBundleResolverHook}, which keeps everything else from resolving.
 *
 * <p>Why a synchronous bundle listener and not a hook that vetoes the install: OSGi has no such
 * hook, and Felix's secure mode needs a Java SecurityManager (gone in Java 24). The listener runs
 * on the installing thread before {@code installBundle} returns, so nothing else sees the bundle
 * resolved in between; the resolver hook covers the instants before the listener has run.
 */
public final class SignedBundleGate implements SynchronousBundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(SignedBundleGate.class);
    private static final int MAX_QUOTED = 200;

    private final BundleSignatureVerifier verifier;
    private final FelixBundleContent content;
    private final VerifiedBundles recorded;
    private final AtomicInteger admittedByRecord = new AtomicInteger();
    private final UnverifiedBundleResolverHook hook = new UnverifiedBundleResolverHook();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private volatile List<Bundle> putOff = List.of();

    /**
     * @param verifier decides about each jar
     * @param content  finds the jar Felix loads a bundle from
     */
    public SignedBundleGate(BundleSignatureVerifier verifier, FelixBundleContent content) {
        this(verifier, content, VerifiedBundles.none());
    }

    /**
     * @param verifier decides about each jar
     * @param content  finds the jar Felix loads a bundle from
     * @param recorded the distribution's own bundles, verified in full when they were installed: a jar
     *                 it admits is not verified again
     */
    public SignedBundleGate(BundleSignatureVerifier verifier, FelixBundleContent content, VerifiedBundles recorded) {
        this.verifier = verifier;
        this.content = content;
        this.recorded = recorded;
    }

    /**
     * Verifies the bundles installed so far (those of the cache and those the launcher just
     * installed), uninstalls the refused ones, and from now on verifies every install and update.
     * Call after {@code Framework.init()} and before {@code Framework.start()}: no bundle but the
     * system bundle has resolved yet.
     *
     * @param system the system bundle's context
     */
    public void guard(BundleContext system) {
        guard(system, b -> false);
    }

    /**
     * As {@link #guard(BundleContext)}, but the installed bundles that {@code later} selects are
     * verified only by {@link #checkPutOff()}: until then they cannot resolve, so no class of theirs can
     * load and no other bundle can wire to them. For the cached bundles of the features that start after
     * ready: at a first start they are not even installed before ready, so putting their check off leaves
     * what starts before ready exactly as at a first start, and takes their hashing off the way to ready.
     *
     * @param system the system bundle's context
     * @param later  the installed bundles to verify later
     */
    public void guard(BundleContext system, Predicate<Bundle> later) {
        system.registerService(ResolverHookFactory.class, hook, null);
        system.addBundleListener(this);
        long start = System.nanoTime();
        if (recorded.unusedBecause() != null) {
            LOG.info("secure mode: the record of verified bundles is not used ({}): every bundle is verified in full",
                    quote(recorded.unusedBecause()));
        } else if (recorded.size() > 0 && recorded.digests().unusedBecause() != null) {
            LOG.warn("secure mode: the remembered digests of the recorded bundles are ignored ({}): every recorded jar is hashed again, "
                    + "and the file is written anew", quote(recorded.digests().unusedBecause()));
        }
        List<Bundle> now = new ArrayList<>();
        List<Bundle> deferred = new ArrayList<>();
        for (Bundle b : system.getBundles()) {
            if (b.getBundleId() == 0) {
                continue; // the framework itself
            }
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision != null && later.test(b)) {
                hook.putOff(revision);
                deferred.add(b);
            } else {
                now.add(b);
            }
        }
        putOff = List.copyOf(deferred);
        Counts counts = check(now);
        rememberDigests();
        LOG.info("secure mode: {} installed bundle(s) checked in {} ms: {} by their recorded digest ({} hashed, the others' remembered), "
                + "{} verified in full, {} refused{}", now.size(), (System.nanoTime() - start) / 1_000_000, counts.byRecord(), counts.hashed(),
                counts.inFull() - counts.refused(), counts.refused(),
                deferred.isEmpty() ? "" : "; " + deferred.size() + " of features that start after ready are checked after ready");
    }

    /**
     * Verifies the bundles whose check {@link #guard(BundleContext, Predicate)} put off (those still
     * installed), admits or uninstalls each as at start. Call once ready is announced, before they start.
     */
    public void checkPutOff() {
        List<Bundle> deferred = putOff;
        putOff = List.of();
        if (deferred.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<Bundle> left = new ArrayList<>();
        for (Bundle b : deferred) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            // uninstalled meanwhile, or updated (and so verified by the listener) since
            if (b.getState() != Bundle.UNINSTALLED && revision != null && !hook.isAdmitted(revision)) {
                left.add(b);
            }
        }
        Counts counts = check(left);
        rememberDigests();
        LOG.info("secure mode: {} bundle(s) of features that start after ready checked in {} ms: {} by their recorded digest "
                + "({} hashed), {} verified in full, {} refused", left.size(), (System.nanoTime() - start) / 1_000_000, counts.byRecord(),
                counts.hashed(), counts.inFull() - counts.refused(), counts.refused());
    }

    private void rememberDigests() {
        try {
            recorded.digests().save();
        } catch (IOException e) {
            LOG.warn("secure mode: the digests of the recorded bundles cannot be remembered ({}): they are computed again at the next start",
                    quote(String.valueOf(e)));
        }
    }

    /** How {@link #check} went: admitted by the record, jars hashed for it, verified in full (admitted or not), refused. */
    private record Counts(int byRecord, int hashed, int inFull, int refused) {
    }

    /** The recorded ones first (a digest each), then the others in parallel: this is on the start-up path. */
    private Counts check(List<Bundle> bundles) {
        int byRecordBefore = admittedByRecord.get();
        int hashedBefore = recorded.digests().hashed();
        List<Bundle> unrecorded = new ArrayList<>();
        for (Bundle b : bundles) {
            if (!admitByRecord(b)) {
                unrecorded.add(b);
            }
        }
        unrecorded.parallelStream().forEach(this::verifyInFull);
        int refused = (int) unrecorded.stream().filter(b -> refusals.containsKey(b.getLocation())).count();
        return new Counts(admittedByRecord.get() - byRecordBefore, recorded.digests().hashed() - hashedBefore, unrecorded.size(), refused);
    }

    /** @return how many bundles were admitted by the record of verified bundles, not verified in full */
    public int admittedByRecord() {
        return admittedByRecord.get();
    }

    /** @return the resolver hook, for a test that checks it alone */
    UnverifiedBundleResolverHook resolverHook() {
        return hook;
    }

    /**
     * @return the refused bundles' locations and the reasons, latest per location (for status and tests)
     */
    public Map<String, String> refusals() {
        return Map.copyOf(refusals);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) {
            admitOrRefuse(event.getBundle());
        }
    }

    /** Admits a bundle whose jar the record lists with the same digest; false when it must be verified in full. */
    private boolean admitByRecord(Bundle bundle) {
        if (bundle.getBundleId() == 0) {
            return true; // the framework itself
        }
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        Optional<Path> jar = content.jarOf(bundle);
        if (revision == null || jar.isEmpty() || !recorded.admits(jar.get(), Instant.now())) {
            return false;
        }
        hook.admit(revision);
        refusals.remove(bundle.getLocation());
        admittedByRecord.incrementAndGet();
        LOG.debug("secure mode: bundle {} admitted: its digest is the one recorded when it was verified", quote(bundle.getLocation()));
        return true;
    }

    private void admitOrRefuse(Bundle bundle) {
        if (bundle.getBundleId() == 0) {
            return; // the framework itself (its update is a restart)
        }
        if (!admitByRecord(bundle)) {
            verifyInFull(bundle);
        }
    }

    private void verifyInFull(Bundle bundle) {
        String location = bundle.getLocation();
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return; // uninstalled meanwhile
        }
        Optional<Path> jar = content.jarOf(bundle);
        BundleSignatureVerifier.Verdict verdict = jar.map(verifier::verify).orElseGet(() -> new BundleSignatureVerifier.Verdict(false, null,
                "its content is not a jar file (an exploded directory cannot be verified)"));
        if (verdict.trusted()) {
            hook.admit(revision);
            refusals.remove(location);
            LOG.debug("secure mode: bundle {} verified, signed by {}", quote(location), quote(verdict.signer()));
            return;
        }
        refusals.put(location, verdict.reason());
        LOG.error("secure mode: bundle {} refused and not installed: {}", quote(location), quote(verdict.reason()));
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            // it stays unresolvable: the resolver hook never admitted this revision
            LOG.warn("secure mode: refused bundle {} could not be uninstalled ({}); it cannot resolve", quote(location), e.getMessage());
        }
    }

    /**
     * Text from outside (a location, an entry name) as it may appear in one log line: control
     * characters escaped, at most 200 characters.
     *
     * @param text the text
     * @return the quoted text
     */
    static String quote(String text) {
        if (text == null) {
            return "'null'";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 8).append('\'');
        for (int i = 0; i < text.length() && b.length() <= MAX_QUOTED; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() > MAX_QUOTED) {
            b.setLength(MAX_QUOTED);
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
