package org.mviot.edge.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made by a test with {@code openssl} (the Debian package), and the
 * certificates it issues: any validity period (expired, not yet valid, expiring soon, through
 * {@code openssl ca -startdate/-enddate}), RSA or EC keys (unencrypted PKCS#8 PEM), subject
 * alternative names, PKCS#12 bundles. Everything lives in one directory of the test.
 */
public final class TestCertificates {

    private static final DateTimeFormatter ASN1_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(60);

    /** Key algorithms for {@code openssl req -newkey}. */
    public enum KeyType {
        /** RSA 2048. */
        RSA("rsa:2048"),
        /** EC on P-256. */
        EC("ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");

        private final List<String> options;

        KeyType(String... options) {
            this.options = List.of(options);
        }
    }

    /**
     * An issued certificate.
     *
     * @param certificate its PEM file
     * @param key         its private key, PKCS#8 PEM
     */
    public record Issued(Path certificate, Path key) {
    }

    private final Path dir;
    private final String name;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /**
     * Makes a self-signed CA valid from yesterday for {@code days} days.
     *
     * @param dir  directory for every file
     * @param name the CA's common name, also the prefix of its files
     * @param days days the CA certificate is valid
     * @return the CA
     * @throws IOException if openssl fails
     */
    public static TestCertificates authority(Path dir, String name, int days) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve(name + "-issued"));
        TestCertificates ca = new TestCertificates(dir, name);
        Files.writeString(dir.resolve(name + "-index.txt"), "");
        Files.writeString(dir.resolve(name + ".srl"), "01\n");
        Files.writeString(dir.resolve(name + ".cnf"), String.join("\n",
                "[ca]", "default_ca = ca_" + name,
                "[ca_" + name + "]",
                "database = " + dir.resolve(name + "-index.txt"),
                "new_certs_dir = " + dir.resolve(name + "-issued"),
                "serial = " + dir.resolve(name + ".srl"),
                "default_md = sha256", "policy = any", "copy_extensions = copy", "unique_subject = no", "email_in_dn = no",
                "[any]", "commonName = supplied", ""));
        ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem", "-days",
                Integer.toString(days), "-subj", "/CN=" + name);
        return ca;
    }

    /** @return the CA's certificate (PEM) */
    public Path certificate() {
        return dir.resolve(name + ".pem");
    }

    /** @return the CA's private key (PEM) */
    public Path key() {
        return dir.resolve(name + ".key");
    }

    /**
     * Issues a certificate valid from yesterday to {@code days} days from now.
     *
     * @param cn   common name, also the prefix of its files
     * @param type key algorithm
     * @param days days from now it stays valid
     * @param sans subject alternative names ({@code DNS:localhost}, {@code IP:127.0.0.1}), none for a client
     * @return the certificate and key
     * @throws IOException if openssl fails
     */
    public Issued issue(String cn, KeyType type, int days, String... sans) throws IOException, InterruptedException {
        Instant now = Instant.now();
        return issue(cn, type, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(days)), sans);
    }

    /**
     * Issues a certificate valid in the given period (which may be over or still to come).
     *
     * @param cn        common name, also the prefix of its files
     * @param type      key algorithm
     * @param notBefore start of validity
     * @param notAfter  end of validity
     * @param sans      subject alternative names, none for a client
     * @return the certificate and key
     * @throws IOException if openssl fails
     */
    public Issued issue(String cn, KeyType type, Instant notBefore, Instant notAfter, String... sans)
            throws IOException, InterruptedException {
        List<String> req = new ArrayList<>(List.of("req", "-newkey"));
        req.addAll(type.options);
        req.addAll(List.of("-nodes", "-keyout", cn + ".key", "-out", cn + ".csr", "-subj", "/CN=" + cn));
        if (sans.length > 0) {
            req.addAll(List.of("-addext", "subjectAltName=" + String.join(",", sans)));
        }
        openssl(req.toArray(String[]::new));
        openssl("ca", "-batch", "-config", name + ".cnf", "-cert", name + ".pem", "-keyfile", name + ".key", "-in", cn + ".csr",
                "-out", cn + ".pem", "-notext", "-startdate", ASN1_TIME.format(notBefore), "-enddate", ASN1_TIME.format(notAfter));
        return new Issued(dir.resolve(cn + ".pem"), dir.resolve(cn + ".key"));
    }

    /**
     * Packs a certificate, its key and this CA's certificate into a PKCS#12 file.
     *
     * @param issued   the certificate
     * @param password the file's password
     * @return the {@code .p12} file
     * @throws IOException if openssl fails
     */
    public Path pkcs12(Issued issued, String password) throws IOException, InterruptedException {
        String base = issued.certificate().getFileName().toString().replace(".pem", "");
        openssl("pkcs12", "-export", "-in", issued.certificate().toString(), "-inkey", issued.key().toString(), "-certfile",
                certificate().toString(), "-out", base + ".p12", "-passout", "pass:" + password);
        return dir.resolve(base + ".p12");
    }

    /**
     * Runs openssl in this CA's directory.
     *
     * @param args its arguments
     * @throws IOException if it fails, with its output
     */
    public void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(OPENSSL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " did not end within " + OPENSSL_TIMEOUT);
        }
        if (p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " exited with " + p.exitValue() + ": " + out);
        }
    }
}
