package org.mviot.edge.launcher.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.Timestamp;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/**
 * Decides whether a jar may run on a gateway in secure mode: every entry must be signed, unmodified
 * since, by a signer whose certificate chains to a trust anchor.
 *
 * <p>The JDK does the cryptography: {@link JarFile} opened with verification checks each entry's
 * digest against the signed manifest and the manifest against each signature file (a changed
 * manifest main section, where {@code Bundle-Activator} and {@code Import-Package} live, fails
 * too) while the entry is read to its end; {@link CertPathValidator} (PKIX, revocation off: a
 * gateway cannot be assumed to reach an OCSP responder) checks the signer's chain. What this class
 * adds is the policy: entries that carry no signature (added after signing) are refused rather
 * than ignored, as {@code JarFile} alone would do, and the signer must be one we trust, not merely
 * any signer. Reading is bounded so that a hostile archive cannot make it run for ever.
 */
public final class BundleSignatureVerifier {

    /** Uncompressed bytes read from one jar at most: a zip bomb is refused, not inflated. */
    static final long MAX_TOTAL_BYTES = 1L << 30;
    /** Entries in one jar at most. */
    static final int MAX_ENTRIES = 200_000;

    private final TrustAnchors trust;

    /**
     * The outcome for one jar.
     *
     * @param trusted whether it may be installed
     * @param signer  subject of the trusted signer, when trusted
     * @param reason  why it is refused, when not trusted
     * @param holdsUntil when a trusted verdict stops holding: the earliest end of validity of the certificates
     *                the signers' chains were checked with ({@link Instant#MAX} for timestamped signatures,
     *                which stay valid); {@code null} when refused
     */
    public record Verdict(boolean trusted, String signer, String reason, Instant holdsUntil) {

        /**
         * A verdict without an end of validity.
         *
         * @param trusted whether it may be installed
         * @param signer  subject of the trusted signer, when trusted
         * @param reason  why it is refused, when not trusted
         */
        public Verdict(boolean trusted, String signer, String reason) {
            this(trusted, signer, reason, trusted ? Instant.MAX : null);
        }

        static Verdict trusted(String signer, Instant holdsUntil) {
            return new Verdict(true, signer, null, holdsUntil);
        }

        static Verdict refused(String reason) {
            return new Verdict(false, null, reason, null);
        }
    }

    /**
     * @param trust the certificates a signer must chain to
     */
    public BundleSignatureVerifier(TrustAnchors trust) {
        this.trust = trust;
    }

    /**
     * Verifies a jar. Never throws: every problem is a refusal with its reason.
     *
     * @param jar the jar file
     * @return the verdict; a refusal's reason names the entry or the signer at fault
     */
    public Verdict verify(Path jar) {
        if (trust.isEmpty()) {
            return Verdict.refused("no trust anchor is configured, so no signer is trusted");
        }
        try (JarFile file = new JarFile(jar.toFile(), true, JarFile.OPEN_READ, JarFile.runtimeVersion())) {
            if (file.getManifest() == null) {
                return Verdict.refused("not signed: the jar has no META-INF/MANIFEST.MF");
            }
            boolean hasSignatureFile = file.stream().anyMatch(e -> e.getName().toUpperCase(Locale.ROOT).endsWith(".SF") && isSignatureFile(e.getName()));
            if (!hasSignatureFile) {
                return Verdict.refused("not signed: the jar has no signature file (META-INF/*.SF)");
            }
            Map<CodeSigner, Boolean> signerTrusted = new IdentityHashMap<>();
            String trustedSigner = null;
            Instant holdsUntil = Instant.MAX;
            CodeSigner lastSigner = null;
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int count = 0;
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (++count > MAX_ENTRIES) {
                    return Verdict.refused("more than " + MAX_ENTRIES + " entries");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                // the signature is checked while the entry is read: read it to its end
                try (InputStream in = file.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        total += n;
                        if (total > MAX_TOTAL_BYTES) {
                            return Verdict.refused("more than " + (MAX_TOTAL_BYTES >> 20) + " MiB uncompressed");
                        }
                    }
                } catch (SecurityException e) {
                    return Verdict.refused("tampered: entry " + entry.getName() + " does not match its signature (" + e.getMessage() + ")");
                }
                if (isSignatureFile(entry.getName())) {
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    return Verdict.refused("entry " + entry.getName() + " is not covered by the signature (added or changed after signing)");
                }
                CodeSigner signer = firstTrusted(signers, signerTrusted);
                if (signer == null) {
                    return Verdict.refused("entry " + entry.getName() + " is signed by " + subject(signers[0])
                            + ", whose certificate does not chain to a trust anchor");
                }
                if (trustedSigner == null || signer != lastSigner) {
                    trustedSigner = subject(signer);
                    lastSigner = signer;
                    Instant until = holdsUntil(signer);
                    holdsUntil = until.isBefore(holdsUntil) ? until : holdsUntil;
                }
            }
            if (trustedSigner == null) {
                return Verdict.refused("not signed: the jar holds no signed entry");
            }
            return Verdict.trusted(trustedSigner, holdsUntil);
        } catch (SecurityException e) {
            return Verdict.refused("tampered: the signature does not match the manifest (" + e.getMessage() + ")");
        } catch (ZipException e) {
            return Verdict.refused("not a jar (" + e.getMessage() + ")");
        } catch (IOException e) {
            return Verdict.refused("cannot be read (" + e.getMessage() + ")");
        }
    }

    private CodeSigner firstTrusted(CodeSigner[] signers, Map<CodeSigner, Boolean> cache) {
        for (CodeSigner s : signers) {
            if (cache.computeIfAbsent(s, this::chainsToAnchor)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Until when the chain check of a signer holds: PKIX checks each certificate's validity at the time
     * of the check (or of a signature's timestamp, which never changes).
     */
    private static Instant holdsUntil(CodeSigner signer) {
        if (signer.getTimestamp() != null) {
            return Instant.MAX;
        }
        Instant until = Instant.MAX;
        for (var c : signer.getSignerCertPath().getCertificates()) {
            Instant end = ((X509Certificate) c).getNotAfter().toInstant();
            until = end.isBefore(until) ? end : until;
        }
        return until;
    }

    private boolean chainsToAnchor(CodeSigner signer) {
        CertPath path = signer.getSignerCertPath();
        try {
            PKIXParameters params = new PKIXParameters(trust.anchors());
            params.setRevocationEnabled(false);
            // a timestamped signature stays valid after the signer's certificate expires
            Timestamp ts = signer.getTimestamp();
            if (ts != null) {
                params.setDate(ts.getTimestamp());
            }
            CertPathValidator.getInstance("PKIX").validate(path, params);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String subject(CodeSigner signer) {
        var certs = signer.getSignerCertPath().getCertificates();
        return certs.isEmpty() ? "an unknown signer" : ((X509Certificate) certs.get(0)).getSubjectX500Principal().getName();
    }

    /** The manifest and the signature files themselves (JAR File Specification, "Signed JAR File"). */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.equals("MANIFEST.MF") || file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA")
                || file.endsWith(".EC") || file.startsWith("SIG-");
    }
}
