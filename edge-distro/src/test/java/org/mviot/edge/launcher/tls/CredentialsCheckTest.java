package org.mviot.edge.launcher.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.testsupport.TestCertificates;
import org.mviot.edge.testsupport.TestCertificates.Issued;
import org.mviot.edge.testsupport.TestCertificates.KeyType;

/** {@code mviot-edge check} on credential files made by openssl here. */
class CredentialsCheckTest {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TestCertificates otherCa;
    static Issued client;
    static Issued other;
    static Issued expired;
    static Issued future;
    static Issued soon;
    static Issued foreign;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCertificates.authority(dir, "ca", 365);
        otherCa = TestCertificates.authority(dir, "other-ca", 365);
        Instant now = Instant.now();
        client = ca.issue("gw", KeyType.EC, 200);
        other = ca.issue("gw-other", KeyType.EC, 200);
        expired = ca.issue("gw-expired", KeyType.EC, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        future = ca.issue("gw-future", KeyType.EC, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        soon = ca.issue("gw-soon", KeyType.RSA, 12);
        foreign = otherCa.issue("gw-foreign", KeyType.EC, 200);
    }

    private String check(Map<String, String> settings) throws ConfigException {
        new CredentialsCheck(new PrintStream(printed, true, StandardCharsets.UTF_8), Instant.now()).check(settings);
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> mtls(Issued cert, Path key) {
        return Map.of(BrokerCredentials.CA, ca.certificate().toString(), BrokerCredentials.CERTIFICATE, cert.certificate().toString(),
                BrokerCredentials.KEY, key.toString());
    }

    @Test
    void validFilesAreDescribedWithTheirExpiryAndSigningCa() throws Exception {
        String out = check(mtls(client, client.key()));

        assertThat(out).contains("tls CA " + ca.certificate() + ": 1 certificate(s)")
                .contains("tls client certificate " + client.certificate() + ": CN=gw, valid until ")
                .contains("key " + client.key() + " matches, signed by CA CN=ca").doesNotContain("warning");
    }

    @Test
    void aMissingKeyFileIsNamed() {
        Path missing = dir.resolve("nowhere.key");

        assertThatThrownBy(() -> check(mtls(client, missing))).isInstanceOf(ConfigException.class)
                .hasMessage("broker.tls.key " + missing + ": file not found");
    }

    @Test
    void anUnreadableCertificateIsNamed() throws Exception {
        // a directory stands for an unreadable file: the tests run as root, whom chmod does not stop
        Path notAFile = Files.createDirectories(dir.resolve("cert-dir.pem"));
        Map<String, String> s = Map.of(BrokerCredentials.CERTIFICATE, notAFile.toString(), BrokerCredentials.KEY, client.key().toString());

        assertThatThrownBy(() -> check(s)).isInstanceOf(ConfigException.class)
                .hasMessage("broker.tls.certificate " + notAFile + ": not a regular file");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() {
        assertThatThrownBy(() -> check(mtls(client, other.key()))).isInstanceOf(ConfigException.class)
                .hasMessage("broker.tls.key " + other.key() + ": the key does not match the client certificate " + client.certificate()
                        + " (CN=gw)");
    }

    @Test
    void anExpiredClientCertificateIsRefusedWithItsDate() {
        assertThatThrownBy(() -> check(mtls(expired, expired.key()))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("broker.tls.certificate " + expired.certificate() + " (CN=gw-expired): certificate expired on ");
    }

    @Test
    void aClientCertificateNotYetValidIsRefused() {
        assertThatThrownBy(() -> check(mtls(future, future.key()))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("broker.tls.certificate " + future.certificate() + " (CN=gw-future): certificate not valid before ");
    }

    @Test
    void aCertificateExpiringWithin30DaysIsAWarning() throws Exception {
        assertThat(check(mtls(soon, soon.key()))).contains("warning: broker.tls.certificate " + soon.certificate()
                + " (CN=gw-soon): certificate expires in 11 days");
    }

    @Test
    void aCaFileWithTheIssuersNameThatDidNotSignTheCertificateIsRefused() throws Exception {
        // same subject CN=ca, another key: looks like the issuer, did not sign
        Path impostorDir = Files.createDirectories(dir.resolve("impostor"));
        TestCertificates impostor = TestCertificates.authority(impostorDir, "ca", 365);
        Map<String, String> s = Map.of(BrokerCredentials.CA, impostor.certificate().toString(), BrokerCredentials.CERTIFICATE,
                client.certificate().toString(), BrokerCredentials.KEY, client.key().toString());

        assertThatThrownBy(() -> check(s)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("broker.tls.ca holds a certificate named CN=ca that did not sign the client certificate chain");
    }

    @Test
    void aClientCertificateOfAnotherCaIsNotedAsNotCheckable() throws Exception {
        assertThat(check(mtls(foreign, foreign.key()))).contains("issued by CN=other-ca, which the CA file does not hold: not checkable here");
    }

    @Test
    void aPasswordFileReadableByOthersIsAWarningAndAnEmptyOneAnError() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(check(Map.of(BrokerCredentials.USERNAME, "gw", BrokerCredentials.PASSWORD_FILE, pw.toString())))
                .contains("warning: broker.password.file " + pw + " is readable by others").doesNotContain("secret");

        Path empty = Files.writeString(dir.resolve("empty-pw"), "");
        assertThatThrownBy(() -> check(Map.of(BrokerCredentials.PASSWORD_FILE, empty.toString()))).isInstanceOf(ConfigException.class)
                .hasMessage("broker.password.file " + empty + ": the file is empty");
    }
}
