package org.mviot.edge.launcher.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mviot.edge.launcher.Layout;
import org.mviot.edge.launcher.security.BundleSignatureVerifier;
import org.mviot.edge.launcher.security.FelixBundleContent;
import org.mviot.edge.launcher.security.RememberedDigests;
import org.mviot.edge.launcher.security.SignedBundleGate;
import org.mviot.edge.launcher.security.TrustAnchors;
import org.mviot.edge.launcher.security.VerifiedBundles;

/**
 * Whether the gateway runs signed bundles only ({@code secure.mode}), and the trust anchors it
 * checks them against. The hardware profile gives the default (on for every board, off for
 * {@code sim}, where developers drop unsigned bundles); {@code secure.mode} in
 * {@code gateway.properties} overrides it. On with no trust anchor at all is a configuration
 * error: every bundle would be refused.
 *
 * @param on     whether only signed bundles run
 * @param source where the value came from, for messages
 * @param trust  the trust anchors (empty when off)
 */
public record SecureMode(boolean on, String source, TrustAnchors trust) {

    /** The setting, in hardware profiles and in {@code gateway.properties}. */
    public static final String KEY = "secure.mode";

    /**
     * @param layout   where the configuration and the distribution are
     * @param profile  the hardware profile in use
     * @param settings the gateway's settings
     * @return the secure mode, with its trust anchors loaded when on
     * @throws ConfigException if a value is not true/false, a trust anchor file is unreadable, or secure mode is on without anchors
     */
    public static SecureMode resolve(Layout layout, HardwareProfile profile, GatewaySettings settings) throws ConfigException {
        String value = settings.extra().get(KEY);
        String source = layout.settingsFile().toString();
        if (value == null) {
            source = "hardware profile " + profile.name();
            value = profileValue(layout, profile);
        }
        boolean on = Boolean.parseBoolean(value);
        if (!on) {
            return new SecureMode(false, source, new TrustAnchors(java.util.Set.of(), List.of(), List.of()));
        }
        List<Path> dirs = directories(layout);
        TrustAnchors trust = TrustAnchors.load(dirs);
        if (trust.isEmpty()) {
            throw new ConfigException("secure.mode is on (" + source + ") but no trust anchor is configured: put the certificate of "
                    + "the key that signs your bundles (PEM, *.pem) into " + dirs.get(0) + ", or set secure.mode=false in "
                    + layout.settingsFile());
        }
        return new SecureMode(true, source, trust);
    }

    /**
     * @param layout the gateway's layout
     * @return where trust anchors are read from: the installer's directory, then the distribution's
     */
    public static List<Path> directories(Layout layout) {
        return List.of(layout.conf().resolve(TrustAnchors.DIRECTORY), layout.home().resolve(TrustAnchors.DIRECTORY));
    }

    /**
     * @param layout the gateway's layout
     * @return the gate that verifies every bundle install, when on
     */
    public java.util.Optional<SignedBundleGate> gate(Layout layout) {
        return on ? java.util.Optional.of(new SignedBundleGate(new BundleSignatureVerifier(trust), new FelixBundleContent(layout.frameworkCache()),
                VerifiedBundles.load(layout.system(), trust).rememberingDigestsIn(RememberedDigests.load(layout.data()))))
                : java.util.Optional.empty();
    }

    /** @return one line for the log and {@code check} */
    public String describe() {
        return on ? "secure mode on (" + source + "): bundles must be signed by a certificate chaining to one of " + trust.subjects().size()
                + " trust anchor(s) " + trust.subjects()
                : "secure mode off (" + source + "): unsigned bundles run";
    }

    private static String profileValue(Layout layout, HardwareProfile profile) throws ConfigException {
        for (Path dir : layout.profileDirectories()) {
            Path file = dir.resolve(profile.name() + HardwareProfile.SUFFIX);
            if (Files.isRegularFile(file)) {
                PropertiesFile f = PropertiesFile.read(file);
                String v = f.optional(KEY);
                if (v != null && !v.equals("true") && !v.equals("false")) {
                    throw f.error(KEY, "is '" + v + "', expected true or false");
                }
                // secure unless a profile says otherwise
                return v == null ? "true" : v;
            }
        }
        return "true";
    }
}
