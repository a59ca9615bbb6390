package org.mviot.edge.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeAndPositionConfigurationTest {

    private static final Path SHIPPED = Path.of(System.getProperty("profiles.dir", "../hardware-profiles"));

    @TempDir
    Path deploy;
    @TempDir
    Path profiles;

    @Test
    void theSimProfileAsksNoNtpServerAndHasAFixedPosition() throws Exception {
        TimeAndPositionConfiguration.write(HardwareProfile.load("sim", List.of(SHIPPED)), deploy);

        assertThat(Files.readString(deploy.resolve(TimeAndPositionConfiguration.TIMESYNC_FILE))).contains("servers=[]\n")
                .contains("system.sources=B\"true\"");
        assertThat(Files.readString(deploy.resolve(TimeAndPositionConfiguration.POSITION_FILE))).contains("position.fixed=\"52.5163,13.3777,34\"")
                .doesNotContain("gpsd");
    }

    @Test
    void everyRaspberryPiProfileStartsTheClockOnThePublicPoolAndAsksGpsdForThePosition() throws Exception {
        for (String name : List.of("raspberry-pi-3", "raspberry-pi-4", "raspberry-pi-5", "raspberry-pi-zero-2w", "compute-module-4")) {
            HardwareProfile p = HardwareProfile.load(name, List.of(SHIPPED));
            assertThat(p.features()).as(name).contains("timesync", "position");
            Path dir = deploy.resolve(name);
            TimeAndPositionConfiguration.write(p, dir);
            assertThat(Files.readString(dir.resolve(TimeAndPositionConfiguration.TIMESYNC_FILE)))
                    .contains("servers=[\"0.pool.ntp.org\",\"1.pool.ntp.org\",\"2.pool.ntp.org\"]");
            assertThat(Files.readString(dir.resolve(TimeAndPositionConfiguration.POSITION_FILE)))
                    .contains("gpsd.host=\"127.0.0.1\"").contains("gpsd.port=I\"2947\"");
        }
    }

    @Test
    void aGenericLinuxHostReliesOnItsOwnTimeDaemonInsteadOfAskingThePool() throws Exception {
        TimeAndPositionConfiguration.write(HardwareProfile.load("generic-linux", List.of(SHIPPED)), deploy);

        assertThat(Files.readString(deploy.resolve(TimeAndPositionConfiguration.TIMESYNC_FILE))).contains("servers=[]\n")
                .contains("system.sources=B\"true\"");
    }

    @Test
    void anInstallersEditedConfigurationIsKept() throws Exception {
        Path file = deploy.resolve(TimeAndPositionConfiguration.TIMESYNC_FILE);
        Files.writeString(file, "servers=[\"ntp.example.org\"]\n");

        TimeAndPositionConfiguration.write(HardwareProfile.load("sim", List.of(SHIPPED)), deploy);

        assertThat(Files.readString(file)).isEqualTo("servers=[\"ntp.example.org\"]\n");
    }

    @Test
    void aMalformedServerOrPositionInAProfileIsRefusedNamingTheKey() throws Exception {
        String sim = Files.readString(SHIPPED.resolve("sim.properties"));
        Files.writeString(profiles.resolve("sim.properties"), sim.replace("time.servers=", "time.servers=ntp.example.org,bad host\"x"));
        assertThatThrownBy(() -> HardwareProfile.load("sim", List.of(profiles))).hasMessageContaining("time.servers")
                .hasMessageContaining("expected host or host:port");
        Files.writeString(profiles.resolve("sim.properties"), sim.replace("position.fixed=52.5163,13.3777,34", "position.fixed=north"));
        assertThatThrownBy(() -> HardwareProfile.load("sim", List.of(profiles))).hasMessageContaining("position.fixed");
    }
}
