package org.mviot.edge.launcher.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.testsupport.TestCertificates;
import org.mviot.edge.testsupport.TestCertificates.Issued;
import org.mviot.edge.testsupport.TestCertificates.KeyType;

/** {@code mviot-edge provision --ca --cert --key --cert-password-file --username --password-file}. */
class CredentialProvisioningTest {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static Issued client;
    static Issued other;
    static Path p12;
    static Path p12Password;

    @TempDir
    Path conf;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCertificates.authority(dir, "ca", 365);
        client = ca.issue("gw", KeyType.RSA, 200);
        other = ca.issue("gw-other", KeyType.EC, 200);
        p12 = ca.pkcs12(client, "p12-secret");
        p12Password = Files.writeString(dir.resolve("p12.pw"), "p12-secret\n");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void pemFilesAreCopiedOwnerOnlyAndReferenced() throws Exception {
        Map<String, String> s = new CredentialProvisioning(conf).apply(Map.of("ca", ca.certificate().toString(), "cert",
                client.certificate().toString(), "key", client.key().toString()));

        Path keys = conf.resolve("keys");
        assertThat(s).containsEntry(BrokerCredentials.CA, keys.resolve("broker-ca.pem").toString())
                .containsEntry(BrokerCredentials.CERTIFICATE, keys.resolve("client.pem").toString())
                .containsEntry(BrokerCredentials.KEY, keys.resolve("client.key").toString());
        assertThat(mode(keys)).isEqualTo("rwx------");
        for (String f : new String[] {"broker-ca.pem", "client.pem", "client.key"}) {
            assertThat(mode(keys.resolve(f))).as(f).isEqualTo("rw-------");
        }
        new CredentialsCheck(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), java.time.Instant.now()).check(s);
    }

    @Test
    void aPkcs12FileIsConvertedToAPemChainAndAMatchingKey() throws Exception {
        Map<String, String> s = new CredentialProvisioning(conf).apply(Map.of("cert", p12.toString(), "cert-password-file",
                p12Password.toString()));

        String chain = Files.readString(Path.of(s.get(BrokerCredentials.CERTIFICATE)));
        assertThat(chain.split("BEGIN CERTIFICATE", -1)).as("the client certificate and the CA").hasSize(3);
        assertThat(PemMaterial.matches(PemMaterial.privateKey(Path.of(s.get(BrokerCredentials.KEY)), "key"),
                PemMaterial.certificates(Path.of(s.get(BrokerCredentials.CERTIFICATE)), "cert").get(0).getPublicKey())).isTrue();
        assertThat(PemMaterial.certificates(Path.of(s.get(BrokerCredentials.CERTIFICATE)), "cert").get(0).getSubjectX500Principal().getName())
                .isEqualTo("CN=gw");
    }

    @Test
    void aPkcs12FileWithTheWrongPasswordIsRefusedAndNothingIsWritten() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not-it");

        assertThatThrownBy(() -> new CredentialProvisioning(conf).apply(Map.of("ca", ca.certificate().toString(), "cert", p12.toString(),
                "cert-password-file", wrong.toString()))).isInstanceOf(ConfigException.class)
                .hasMessage("--cert " + p12 + ": cannot be opened as PKCS#12 (wrong password: give the right one with --cert-password-file FILE)");
        assertThat(conf.resolve("keys")).doesNotExist();
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        assertThatThrownBy(() -> new CredentialProvisioning(conf).apply(Map.of("cert", client.certificate().toString(), "key",
                other.key().toString()))).isInstanceOf(ConfigException.class)
                .hasMessage("--key " + other.key() + " does not match the certificate in --cert " + client.certificate() + " (CN=gw)");
    }

    @Test
    void aPasswordFileIsCopiedWithoutItsLineBreakAndItsContentIsInNoSetting() throws Exception {
        Path pw = Files.writeString(dir.resolve("broker.pw"), "s3cret-word\n");

        Map<String, String> s = new CredentialProvisioning(conf).apply(Map.of("username", "gw-user", "password-file", pw.toString()));

        assertThat(s).containsEntry(BrokerCredentials.USERNAME, "gw-user");
        Path copy = Path.of(s.get(BrokerCredentials.PASSWORD_FILE));
        assertThat(Files.readString(copy)).isEqualTo("s3cret-word");
        assertThat(mode(copy)).isEqualTo("rw-------");
        assertThat(s.values()).noneMatch(v -> v.contains("s3cret"));
    }
}
