package org.mviot.edge.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySettingsTest {

    @TempDir
    Path dir;

    @Test
    void writtenSettingsReadBackIdentically() throws Exception {
        GatewaySettings s = GatewaySettings.of("gw-1", "mqtts://twins.example:8883", "raspberry-pi-4");
        Path f = dir.resolve("gateway.properties");
        s.write(f);
        assertThat(GatewaySettings.read(f)).isEqualTo(s);
    }

    @Test
    void frameworkPropertiesCarryIdentityAndBrokerButNotTheProfileWhichNoBundleReads() throws Exception {
        Map<String, String> p = GatewaySettings.of("gw-1", "tcp://127.0.0.1:1883", null).frameworkProperties();
        assertThat(p).containsOnly(Map.entry("mviot.gateway.id", "gw-1"), Map.entry("mviot.broker.uri", "tcp://127.0.0.1:1883"));
    }

    @Test
    void rejectsAnIdWithSpaces() {
        assertThatThrownBy(() -> GatewaySettings.of("my gateway", "tcp://h:1883", null)).hasMessageContaining("--id 'my gateway'");
    }

    @Test
    void rejectsAMissingIdInTheFileNamingTheField() throws Exception {
        Path f = Files.writeString(dir.resolve("gateway.properties"), "broker.uri=tcp://h:1883\n");
        assertThatThrownBy(() -> GatewaySettings.read(f)).hasMessage(f + ": field 'gateway.id' is missing");
    }

    @Test
    void rejectsAnUnknownKeySoTyposDoNotGoUnnoticed() throws Exception {
        Path f = Files.writeString(dir.resolve("gateway.properties"), "gateway.id=gw\nprofil=sim\n");
        assertThatThrownBy(() -> GatewaySettings.read(f)).hasMessageContaining("field 'profil' is not a known setting");
    }

    @Test
    void readsTheLocalBrokerPortAndHandsItToTheBundles() throws Exception {
        Path f = Files.writeString(dir.resolve("gateway.properties"), "gateway.id=gw\nlocal.broker.port=21883\n");
        GatewaySettings s = GatewaySettings.read(f);
        assertThat(s.localBrokerPort()).isEqualTo(21883);
        assertThat(s.frameworkProperties()).containsEntry("mviot.local.broker.port", "21883");
        assertThat(GatewaySettings.unprovisioned().localBrokerPort()).isEqualTo(1883);
    }

    @Test
    void rejectsALocalBrokerPortOutOfRangeNamingTheField() throws Exception {
        Path f = Files.writeString(dir.resolve("gateway.properties"), "gateway.id=gw\nlocal.broker.port=70000\n");
        assertThatThrownBy(() -> GatewaySettings.read(f)).hasMessage(f + ": field 'local.broker.port' is 70000, expected an integer from 1 to 65535");
        assertThatThrownBy(() -> GatewaySettings.localBrokerPort("--local-broker-port", "x"))
                .hasMessage("--local-broker-port 'x': expected a TCP port number from 1 to 65535");
    }

    @Test
    void writesTheLocalBrokerPortWithoutACloudBroker() throws Exception {
        GatewaySettings s = GatewaySettings.of("gw-1", null, null).withLocalBrokerPort(11883);
        Path f = dir.resolve("gateway.properties");
        s.write(f);
        assertThat(GatewaySettings.read(f)).isEqualTo(s);
        assertThat(Files.readString(f)).contains("local.broker.port=11883").doesNotContain("broker.uri");
    }

    @Test
    void keepsBrokerExtrasForTheCloudLink() throws Exception {
        Path f = Files.writeString(dir.resolve("gateway.properties"), "gateway.id=gw\nbroker.username=alice\n");
        assertThat(GatewaySettings.read(f).frameworkProperties()).containsEntry("mviot.broker.username", "alice");
    }

    @Test
    void bootFileIsImportedOnceAndMarkedApplied() throws Exception {
        Path boot = Files.writeString(dir.resolve("mviot-edge.conf"), "gateway.id=from-boot\nprofile=raspberry-pi-3\n");
        Path settings = dir.resolve("conf/gateway.properties");
        BootProvisioning bp = new BootProvisioning(List.of(dir.resolve("absent.conf"), boot));
        assertThat(bp.importInto(settings)).contains(boot);
        assertThat(GatewaySettings.read(settings).profile()).isEqualTo("raspberry-pi-3");
        assertThat(boot).doesNotExist();
        assertThat(dir.resolve("mviot-edge.conf.applied")).exists();
        assertThat(bp.importInto(settings)).isEmpty();
    }

    @Test
    void bootFileNeverOverwritesExistingSettings() throws Exception {
        Path boot = Files.writeString(dir.resolve("mviot-edge.conf"), "gateway.id=from-boot\n");
        Path settings = Files.writeString(dir.resolve("gateway.properties"), "gateway.id=mine\n");
        assertThat(new BootProvisioning(List.of(boot)).importInto(settings)).isEmpty();
        assertThat(GatewaySettings.read(settings).gatewayId()).isEqualTo("mine");
        assertThat(boot).exists();
    }

    @Test
    void invalidBootFileIsReportedAndNothingIsWritten() throws Exception {
        Path boot = Files.writeString(dir.resolve("mviot-edge.conf"), "gateway.id=x\nbroker.uri=ftp://h\n");
        Path settings = dir.resolve("gateway.properties");
        assertThatThrownBy(() -> new BootProvisioning(List.of(boot)).importInto(settings))
                .hasMessageContaining("mviot-edge.conf: field 'broker.uri'");
        assertThat(settings).doesNotExist();
    }

    @Test
    void settingsWrittenByRootBelongToTheOwnerOfTheConfigurationDirectory() throws Exception {
        Path conf = java.nio.file.Files.createDirectories(dir.resolve("etc"));
        var lookup = conf.getFileSystem().getUserPrincipalLookupService();
        boolean root = "root".equals(System.getProperty("user.name"));
        // as root (CI, sudo): a directory owned by another user, like /etc/mviot-edge owned by mviot
        var owner = root ? lookup.lookupPrincipalByName("nobody") : java.nio.file.Files.getOwner(conf);
        if (root) {
            java.nio.file.Files.setOwner(conf, owner);
        }
        Path f = conf.resolve("gateway.properties");
        GatewaySettings.of("gw-1", "tcp://h:1883", null).write(f);
        assertThat(java.nio.file.Files.getOwner(f)).isEqualTo(owner);
        assertThat(java.nio.file.Files.readAttributes(f, java.nio.file.attribute.PosixFileAttributes.class).group())
                .isEqualTo(java.nio.file.Files.readAttributes(conf, java.nio.file.attribute.PosixFileAttributes.class).group());
        assertThat(java.nio.file.Files.getPosixFilePermissions(f)).containsExactlyInAnyOrderElementsOf(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    }
}
