package org.mviot.edge.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made by the test with Debian's {@code openssl} (a tool nobody here wrote),
 * and the certificates it issues: PEM files in a directory of the test, private keys as PKCS#8 with
 * mode 0600. For TLS, mTLS and DTLS tests against real peers (Mosquitto, libcoap's server).
 */
public final class TestCertificates {

    /** A certificate and its private key, both PEM files. */
    public record Issued(Path certificate, Path key) {
    }

    private final Path dir;
    private final String name;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /**
     * Makes a self-signed CA with an EC P-256 key, valid for two days.
     *
     * @param dir  where the files go
     * @param name the CA's common name and file name ({@code NAME.pem}, {@code NAME.key})
     * @return the CA
     * @throws IOException when openssl fails (its output is in the message)
     */
    public static TestCertificates authority(Path dir, String name) throws IOException {
        TestCertificates ca = new TestCertificates(dir, name);
        ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out",
                name + ".pem", "-days", "2", "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        ownerOnly(dir.resolve(name + ".key"));
        // openssl 3.0's x509 -req cannot set a start date: its ca command can, with a small database
        Files.writeString(dir.resolve(name + ".cnf"), String.join("\n", "[ca]", "default_ca = test", "[test]", "database = " + name + ".index",
                "new_certs_dir = " + name + ".issued", "certificate = " + name + ".pem", "private_key = " + name + ".key", "serial = " + name + ".serial",
                "default_md = sha256", "policy = any", "unique_subject = no", "[any]", "commonName = supplied", ""));
        Files.writeString(dir.resolve(name + ".index"), "");
        Files.writeString(dir.resolve(name + ".serial"), "1000\n");
        Files.createDirectories(dir.resolve(name + ".issued"));
        return ca;
    }

    /** @return the CA's certificate (PEM) */
    public Path certificate() {
        return dir.resolve(name + ".pem");
    }

    /**
     * Issues an EC P-256 certificate for 127.0.0.1 and localhost, valid from now for two days.
     *
     * @param subject the common name and file name
     * @return its files
     * @throws IOException when openssl fails
     */
    public Issued issue(String subject) throws IOException {
        return issue(subject, 0, 2);
    }

    /**
     * Issues an EC P-256 certificate for 127.0.0.1 and localhost valid between two days counted from
     * today (negative: in the past), to make expired and not-yet-valid certificates.
     *
     * @param subject   the common name and file name
     * @param fromDays  first day of validity, relative to today
     * @param untilDays last day of validity, relative to today
     * @return its files
     * @throws IOException when openssl fails
     */
    public Issued issue(String subject, int fromDays, int untilDays) throws IOException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", subject + ".key", "-out", subject + ".csr",
                "-subj", "/CN=" + subject);
        Files.writeString(dir.resolve(subject + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
        openssl("ca", "-batch", "-config", name + ".cnf", "-in", subject + ".csr", "-out", subject + ".pem", "-notext", "-extfile", subject + ".ext",
                "-startdate", day(fromDays) + "000000Z", "-enddate", day(untilDays) + "235959Z");
        ownerOnly(dir.resolve(subject + ".key"));
        return new Issued(dir.resolve(subject + ".pem"), dir.resolve(subject + ".key"));
    }

    private static String day(int offset) {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(offset).format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd"));
    }

    private static void ownerOnly(Path key) throws IOException {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private void openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for openssl", e);
        }
    }
}
