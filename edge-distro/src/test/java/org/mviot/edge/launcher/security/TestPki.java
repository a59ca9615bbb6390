package org.mviot.edge.launcher.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import jdk.security.jarsigner.JarSigner;

/**
 * Keys, certificates and bundles for the secure-mode tests, made in the test: certificates by
 * Bouncy Castle, signatures by the JDK's {@link JarSigner} (what {@code jarsigner} runs).
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A key pair and its certificate chain, leaf first. */
    public record Signer(KeyPair keys, List<X509Certificate> chain) {

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** Signs a jar in place. */
        void sign(Path jar) throws Exception {
            JarSigner signer = new JarSigner.Builder(keys.getPrivate(), CertificateFactory.getInstance("X.509").generateCertPath(chain))
                    .signerName("TEST").build();
            Path out = jar.resolveSibling(jar.getFileName() + ".signed");
            try (ZipFile in = new ZipFile(jar.toFile()); OutputStream o = Files.newOutputStream(out)) {
                signer.sign(in, o);
            }
            Files.move(out, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private TestPki() {
    }

    static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** A self-signed certificate that can sign others, valid now. */
    public static Signer selfSigned(String cn) throws Exception {
        KeyPair k = keyPair();
        return new Signer(k, List.of(certificate(cn, k, cn, k.getPrivate(), true, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)))));
    }

    /** A signer whose certificate the given CA issued. */
    static Signer issuedBy(Signer ca, String cn, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair k = keyPair();
        X509Certificate c = certificate(cn, k, ca.certificate().getSubjectX500Principal().getName(), ca.keys().getPrivate(), false,
                notBefore, notAfter);
        return new Signer(k, List.of(c, ca.certificate()));
    }

    private static X509Certificate certificate(String cn, KeyPair subject, String issuer, PrivateKey issuerKey, boolean ca,
            Instant notBefore, Instant notAfter) throws Exception {
        X500Principal subjectName = new X500Principal(cn.startsWith("CN=") ? cn : "CN=" + cn);
        X500Principal issuerName = new X500Principal(issuer.startsWith("CN=") ? issuer : "CN=" + issuer);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore), Date.from(notAfter), subjectName, subject.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    /** Writes a certificate as PEM, the format of the trust-anchors directory. */
    public static Path pem(X509Certificate c, Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return file;
    }

    /** An unsigned bundle: a manifest and a few entries. */
    public static Path bundle(Path file, String symbolicName) throws IOException {
        return bundle(file, symbolicName, Map.of());
    }

    /** A bundle as {@link #bundle(Path, String)}, with more manifest headers (Import-Package, Export-Package, Fragment-Host). */
    static Path bundle(Path file, String symbolicName, Map<String, String> headers) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        headers.forEach(a::putValue);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), mf)) {
            for (Map.Entry<String, String> e : Map.of("org/example/Driver.class", "pretend bytecode of the driver",
                    "OSGI-INF/org.example.Driver.xml", "<component name='driver'/>", "org/example/", "").entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes());
                out.closeEntry();
            }
        }
        return file;
    }

    /**
     * Rewrites a jar with one entry's bytes replaced (or a new entry added when it did not exist),
     * everything else, signature files included, copied unchanged.
     */
    static Path rewrite(Path jar, String entry, byte[] bytes) throws IOException {
        Path out = jar.resolveSibling(jar.getFileName() + ".rewritten");
        boolean found = false;
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (var it = in.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                z.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(entry)) {
                    z.write(bytes);
                    found = true;
                } else {
                    try (InputStream s = in.getInputStream(e)) {
                        s.transferTo(z);
                    }
                }
                z.closeEntry();
            }
            if (!found) {
                z.putNextEntry(new ZipEntry(entry));
                z.write(bytes);
                z.closeEntry();
            }
        }
        Files.move(out, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    /** @return the bytes of one entry */
    static byte[] read(Path jar, String entry) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile()); InputStream in = z.getInputStream(z.getEntry(entry))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        }
    }
}
