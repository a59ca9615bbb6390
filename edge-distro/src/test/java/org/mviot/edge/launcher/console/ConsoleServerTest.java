package org.mviot.edge.launcher.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.GatewaySettings;

class ConsoleServerTest {

    @TempDir
    Path conf;

    private static final List<Feature> WITH_CONSOLE = List.of(new Feature("web-console", "console", List.of(), List.of(), List.of()));
    private final GatewaySettings settings = GatewaySettings.unprovisioned();

    @Test
    void withoutTheConsolePlainHttpIsStillOffAndNoCertificateIsMade() throws Exception {
        Map<String, String> p = ConsoleServer.frameworkProperties(conf, settings, List.of(), false, null);
        assertThat(p).containsExactly(Map.entry("org.apache.felix.http.enable", "false"));
        assertThat(conf.resolve("console")).doesNotExist();
    }

    @Test
    void theFirstStartMakesASelfSignedCertificateOwnerOnlyAndListensOnLoopbackUntilAPasswordIsSet() throws Exception {
        Map<String, String> p = ConsoleServer.frameworkProperties(conf, settings, WITH_CONSOLE, false, null);
        Path store = conf.resolve("console/console.p12");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("console/console.p12.password")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("console")))).isEqualTo("rwx------");
        assertThat(p).containsEntry("org.apache.felix.http.enable", "false").containsEntry("org.apache.felix.https.enable", "true")
                .containsEntry("org.osgi.service.http.port.secure", "8443").containsEntry("org.apache.felix.http.host", "127.0.0.1")
                .containsEntry("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2")
                .containsEntry("org.apache.felix.https.keystore", store.toString());
        String fingerprint = p.get("mviot.console.certificate.sha256");
        assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");

        // the next start keeps the certificate; with a password the configured address applies
        Files.writeString(conf.resolve("console/admin.pbkdf2"), "pbkdf2-sha256$310000$AAAA$BBBB\n");
        GatewaySettings lan = settings.with(Map.of("console.address", "192.0.2.10", "console.port", "9443"));
        Map<String, String> again = ConsoleServer.frameworkProperties(conf, lan, WITH_CONSOLE, false, "10443");
        assertThat(again.get("mviot.console.certificate.sha256")).isEqualTo(fingerprint);
        assertThat(again).containsEntry("org.apache.felix.http.host", "192.0.2.10").containsEntry("org.osgi.service.http.port.secure", "10443");
        assertThat(ConsoleServer.frameworkProperties(conf, lan, WITH_CONSOLE, false, null)).containsEntry("org.osgi.service.http.port.secure", "9443");
    }

    @Test
    void theCertificatesFingerprintIsRememberedForTheSameKeyStoreAndPasswordAndReadAgainWhenEitherChanges() throws Exception {
        String made = ConsoleServer.frameworkProperties(conf, settings, WITH_CONSOLE, false, null).get("mviot.console.certificate.sha256");
        Path record = conf.resolve("console/console.p12.sha256");
        String key = Files.readString(record).split(" ")[0];
        String other = "AA:" + made.substring(3);
        // proof that the record is what the next start uses: an answer only the record can give
        Files.writeString(record, key + " " + other + "\n");
        assertThat(ConsoleServer.frameworkProperties(conf, settings, WITH_CONSOLE, false, null)).containsEntry("mviot.console.certificate.sha256", other);

        // another password for the same key store: the record no longer holds, and the key store does not open with it
        Path password = conf.resolve("console/console.p12.password");
        String right = Files.readString(password);
        Files.writeString(password, "not-the-password");
        assertThatThrownBy(() -> ConsoleServer.frameworkProperties(conf, settings, WITH_CONSOLE, false, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("console.p12");
        Files.writeString(password, right);

        // a new key store (the installer's, or a fresh self-signed one): its own fingerprint
        Files.delete(conf.resolve("console/console.p12"));
        Files.delete(password);
        String fresh = ConsoleServer.frameworkProperties(conf, settings, WITH_CONSOLE, false, null).get("mviot.console.certificate.sha256");
        assertThat(fresh).isNotIn(made, other).isEqualTo(ConsoleServer.fingerprint(conf.resolve("console/console.p12"), Files.readString(password)));
    }

    @Test
    void anInstallersKeyStoreWithoutItsPasswordFileIsRefusedNamingIt() throws Exception {
        Files.createDirectories(conf.resolve("console"));
        Files.write(conf.resolve("console/console.p12"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ConsoleServer.frameworkProperties(conf, settings, WITH_CONSOLE, false, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("console.p12.password");
    }

    @Test
    void aBadPortOverrideIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ConsoleServer.frameworkProperties(conf, settings, WITH_CONSOLE, true, "http")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MVIOT_CONSOLE_PORT");
    }

    @Test
    void consoleSettingsAreCheckedWhenTheSettingsFileIsRead() throws Exception {
        Path f = conf.resolve("gateway.properties");
        Files.writeString(f, "gateway.id=gw\nconsole.port=8444\nconsole.address=0.0.0.0\nconsole.session.idle.minutes=5\nconsole.upload.max.bytes=1048576\n");
        assertThat(GatewaySettings.read(f).frameworkProperties()).containsEntry("mviot.console.port", "8444")
                .containsEntry("mviot.console.session.idle.minutes", "5");
        Files.writeString(f, "gateway.id=gw\nconsole.port=http\n");
        assertThatThrownBy(() -> GatewaySettings.read(f)).hasMessageContaining("console.port");
        Files.writeString(f, "gateway.id=gw\nconsole.adress=0.0.0.0\n");
        assertThatThrownBy(() -> GatewaySettings.read(f)).hasMessageContaining("console.adress").hasMessageContaining("console.address");
        Files.writeString(f, "gateway.id=gw\nconsole.address=everywhere\n");
        assertThatThrownBy(() -> GatewaySettings.read(f)).hasMessageContaining("console.address");
    }
}
