package org.mviot.edge.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioConfigurationTest {

    private static final Path SHIPPED = Path.of(System.getProperty("profiles.dir", "../hardware-profiles"));

    @TempDir
    Path deploy;

    @Test
    void aRaspberryPiProfileBecomesTheGpioDriversConfiguration() throws Exception {
        GpioConfiguration.write(HardwareProfile.load("raspberry-pi-5", List.of(SHIPPED)), deploy);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(deploy.resolve("org.mviot.edge.driver.gpio.cfg"), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        assertThat(p).containsEntry("provider", "gpiod").containsEntry("chip", "/dev/gpiochip0").containsEntry("profile", "raspberry-pi-5")
                .containsEntry("board.model", "Raspberry Pi 5 (BCM2712, 4x Cortex-A76, RP1 I/O controller)");
        assertThat(p.getProperty("header").split(",")).hasSize(40).contains("11=BCM17", "6=GND", "40=BCM21");
    }

    @Test
    void aBoardWithoutGpioRemovesTheFile() throws Exception {
        Files.writeString(deploy.resolve(GpioConfiguration.FILE), "provider=gpiod\n");
        GpioConfiguration.write(HardwareProfile.load("generic-linux", List.of(SHIPPED)), deploy);
        assertThat(deploy.resolve(GpioConfiguration.FILE)).doesNotExist();
    }

    @Test
    void anUnchangedProfileLeavesTheFileAloneSoTheDriverIsNotRestarted() throws Exception {
        HardwareProfile sim = HardwareProfile.load("sim", List.of(SHIPPED));
        GpioConfiguration.write(sim, deploy);
        Path file = deploy.resolve(GpioConfiguration.FILE);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);
        GpioConfiguration.write(sim, deploy);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
        assertThat(Files.readString(file)).contains("provider=mock");
    }
}
