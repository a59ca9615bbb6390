package org.mviot.edge.broker.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartGeneratesTwoRandomLoginsInAFileOnlyTheOwnerCanRead() throws IOException {
        Path file = dir.resolve("local-broker/credentials.properties");

        BrokerCredentials c = BrokerCredentials.loadOrCreate(file, new SecureRandom());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(c.clientUser()).isEqualTo("client");
        assertThat(c.gatewayUser()).isEqualTo("gateway");
        assertThat(c.clientPassword()).matches("[A-Za-z0-9_-]{32}");
        assertThat(c.gatewayPassword()).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(c.clientPassword());
        // the next start reads the same logins
        assertThat(BrokerCredentials.loadOrCreate(file, new SecureRandom())).isEqualTo(c);
        assertThat(dir.resolve("local-broker")).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void aLoginFileOthersCanReadIsMadeOwnerOnly() throws IOException {
        Path file = dir.resolve("credentials.properties");
        BrokerCredentials.loadOrCreate(file, new SecureRandom());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        BrokerCredentials.read(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anIncompleteFileIsAnErrorNamingTheFileAndTheKey() throws IOException {
        Path file = dir.resolve("credentials.properties");
        Files.writeString(file, "client.username=client\nclient.password=x\ngateway.username=gateway\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> BrokerCredentials.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("gateway.password is missing");
    }

    @Test
    void thePasswordsNeverShowInItsTextForm() throws IOException {
        BrokerCredentials c = BrokerCredentials.loadOrCreate(dir.resolve("c.properties"), new SecureRandom());

        assertThat(c.toString()).doesNotContain(c.clientPassword()).doesNotContain(c.gatewayPassword());
    }

    @Test
    void eachPasswordOpensOnlyItsOwnLogin() {
        BrokerCredentials c = new BrokerCredentials("client", "pc", "gateway", "pg");

        assertThat(c.check("client", bytes("pc"))).isEqualTo(BrokerCredentials.Login.CLIENT);
        assertThat(c.check("gateway", bytes("pg"))).isEqualTo(BrokerCredentials.Login.GATEWAY);
        assertThat(c.check("client", bytes("pg"))).isEqualTo(BrokerCredentials.Login.NONE);
        assertThat(c.check("gateway", bytes("pc"))).isEqualTo(BrokerCredentials.Login.NONE);
        assertThat(c.check("client", null)).isEqualTo(BrokerCredentials.Login.NONE);
        assertThat(c.check(null, bytes("pc"))).isEqualTo(BrokerCredentials.Login.NONE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
