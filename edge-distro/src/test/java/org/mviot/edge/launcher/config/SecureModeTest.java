package org.mviot.edge.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mviot.edge.launcher.Layout;
import org.mviot.edge.launcher.security.TestPki;

class SecureModeTest {

    private static final Path SHIPPED = Path.of(System.getProperty("profiles.dir", "../hardware-profiles"));
    @TempDir
    Path dir;

    private Layout layout() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path profiles = Files.createDirectories(home.resolve("hardware-profiles"));
        try (var s = Files.list(SHIPPED)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, profiles.resolve(p.getFileName()));
            }
        }
        return Layout.resolve(Map.of("home", home.toString()), Map.of());
    }

    private static Path anchor(Path dir) throws Exception {
        return TestPki.pem(TestPki.selfSigned("CN=Vendor").certificate(), dir.resolve("trust-anchors/vendor.pem"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raspberry-pi-3", "raspberry-pi-4", "raspberry-pi-5", "raspberry-pi-zero-2w", "compute-module-4", "generic-linux"})
    void everyBoardProfileRunsSignedBundlesOnly(String name) throws Exception {
        Layout layout = layout();
        anchor(layout.home());
        SecureMode m = SecureMode.resolve(layout, HardwareProfile.load(name, layout.profileDirectories()), GatewaySettings.unprovisioned());
        assertThat(m.on()).isTrue();
        assertThat(m.trust().subjects()).hasSize(1);
        assertThat(m.gate(layout)).isPresent();
    }

    @Test
    void theSimulatorRunsUnsignedBundlesUnlessTheSettingsSayOtherwise() throws Exception {
        Layout layout = layout();
        anchor(layout.conf());
        HardwareProfile sim = HardwareProfile.load("sim", layout.profileDirectories());
        assertThat(SecureMode.resolve(layout, sim, GatewaySettings.unprovisioned()).on()).isFalse();

        Files.writeString(layout.settingsFile(), "gateway.id=gw\nprofile=sim\nsecure.mode=true\n");
        SecureMode on = SecureMode.resolve(layout, sim, GatewaySettings.read(layout.settingsFile()));
        assertThat(on.on()).isTrue();
        assertThat(on.describe()).startsWith("secure mode on (" + layout.settingsFile());
    }

    @Test
    void secureModeWithoutAnyTrustAnchorStopsTheStartNamingTheDirectory() throws Exception {
        Layout layout = layout();
        HardwareProfile pi = HardwareProfile.load("raspberry-pi-4", layout.profileDirectories());
        assertThatThrownBy(() -> SecureMode.resolve(layout, pi, GatewaySettings.unprovisioned()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("secure.mode is on (hardware profile raspberry-pi-4)")
                .hasMessageContaining(layout.conf().resolve("trust-anchors").toString());
    }

    @Test
    void aSecureModeThatIsNeitherTrueNorFalseIsRefusedNamingTheFileAndField() throws Exception {
        Layout layout = layout();
        Files.createDirectories(layout.conf());
        Files.writeString(layout.settingsFile(), "gateway.id=gw\nsecure.mode=maybe\n");
        assertThatThrownBy(() -> GatewaySettings.read(layout.settingsFile()))
                .hasMessageContaining("gateway.properties: field 'secure.mode' is 'maybe'");
    }

    @Test
    void aTrustAnchorFileThatHoldsNoCertificateIsRefusedNamingIt() throws Exception {
        Layout layout = layout();
        Path bad = Files.createDirectories(layout.conf().resolve("trust-anchors")).resolve("vendor.pem");
        Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        HardwareProfile pi = HardwareProfile.load("raspberry-pi-4", layout.profileDirectories());
        assertThatThrownBy(() -> SecureMode.resolve(layout, pi, GatewaySettings.unprovisioned()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(bad.toString());
    }
}
