package org.mviot.edge.launcher.security;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * The certificates a bundle's signer must chain to: every {@code *.pem}, {@code *.crt} and
 * {@code *.cer} file (PEM or DER, one or more X.509 certificates each) in the {@code trust-anchors}
 * directories, the installer's ({@code CONF/trust-anchors}) and the distribution's own
 * ({@code HOME/trust-anchors}, the certificate of the key the build signed the shipped bundles with).
 *
 * @param anchors  the trusted certificates as PKIX trust anchors
 * @param subjects the subject of each, for messages
 * @param files    the files they came from
 */
public record TrustAnchors(Set<TrustAnchor> anchors, List<String> subjects, List<Path> files) {

    /** Name of the directory, under the configuration and the home directory, that holds the trusted certificates. */
    public static final String DIRECTORY = "trust-anchors";

    private static final long MAX_FILE_BYTES = 1 << 20;

    /**
     * Reads the trusted certificates of several directories; a directory that does not exist holds none.
     *
     * @param directories the directories, in order
     * @return the anchors, possibly none
     * @throws ConfigException naming a file that cannot be read or holds no certificate
     */
    public static TrustAnchors load(List<Path> directories) throws ConfigException {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        List<String> subjects = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> candidates;
            try (Stream<Path> s = Files.list(dir)) {
                candidates = s.filter(TrustAnchors::isCertificateFile).sorted().toList();
            } catch (IOException e) {
                throw new ConfigException(dir + ": the trust anchor directory cannot be listed (" + e.getMessage() + ")");
            }
            for (Path file : candidates) {
                for (X509Certificate c : read(file)) {
                    if (anchors.add(new TrustAnchor(c, null))) {
                        subjects.add(c.getSubjectX500Principal().getName());
                    }
                }
                files.add(file);
            }
        }
        return new TrustAnchors(Set.copyOf(anchors), List.copyOf(subjects), List.copyOf(files));
    }

    /** @return whether no certificate is trusted (then no bundle can be) */
    public boolean isEmpty() {
        return anchors.isEmpty();
    }

    private static boolean isCertificateFile(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer"));
    }

    private static List<X509Certificate> read(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": a trust anchor file holds certificates, at most 1 MiB; this one is larger");
            }
            Collection<? extends java.security.cert.Certificate> certs;
            // read at once (at most 1 MiB, checked above): the certificate parser reads a PEM byte by byte, one system
            // call each from a file's own stream
            try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            List<X509Certificate> x509 = new ArrayList<>();
            for (java.security.cert.Certificate c : certs) {
                x509.add((X509Certificate) c);
            }
            if (x509.isEmpty()) {
                throw new ConfigException(file + ": holds no certificate; expected PEM (-----BEGIN CERTIFICATE-----) or DER X.509 certificates");
            }
            return x509;
        } catch (IOException | CertificateException e) {
            throw new ConfigException(file + ": not a certificate file (" + e.getMessage()
                    + "); expected PEM (-----BEGIN CERTIFICATE-----) or DER X.509 certificates");
        }
    }
}
