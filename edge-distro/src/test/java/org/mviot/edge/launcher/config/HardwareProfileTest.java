package org.mviot.edge.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HardwareProfileTest {

    private static final Path SHIPPED = Path.of(System.getProperty("profiles.dir", "../hardware-profiles"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"raspberry-pi-3", "raspberry-pi-4", "raspberry-pi-5", "raspberry-pi-zero-2w",
            "compute-module-4", "generic-linux", "sim"})
    void everyShippedProfileIsValid(String name) throws Exception {
        HardwareProfile p = HardwareProfile.load(name, List.of(SHIPPED));
        assertThat(p.name()).isEqualTo(name);
        assertThat(p.jvmOptions()).contains("-Xmx");
        assertThat(p.features()).isNotEmpty();
    }

    @Test
    void everyShippedProfileExitsOnOutOfMemorySoSystemdRestartsTheGateway() throws Exception {
        List<String> names;
        try (var files = Files.list(SHIPPED)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length())).sorted().toList();
        }
        assertThat(names).as("shipped profiles in %s", SHIPPED.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(7);
        for (String name : names) {
            assertThat(List.of(HardwareProfile.load(name, List.of(SHIPPED)).jvmOptions().trim().split("\\s+")))
                    .as("jvm.options of %s", name).contains("-XX:+ExitOnOutOfMemoryError");
        }
    }

    @Test
    void raspberryPiHeadersMapPhysicalPinsToBcmNumbers() throws Exception {
        HardwareProfile pi4 = HardwareProfile.load("raspberry-pi-4", List.of(SHIPPED));
        assertThat(pi4.header()).hasSize(40).containsEntry(11, "BCM17").containsEntry(40, "BCM21").containsEntry(6, "GND");
    }

    @Test
    void raspberryPi5DrivesItsRp1GpiosThroughGpiod() throws Exception {
        assertThat(HardwareProfile.load("raspberry-pi-5", List.of(SHIPPED)).gpioProvider()).isEqualTo("gpiod");
    }

    @Test
    void everyHardwareProfileEncryptsTheQueueWithTheCipherItsCpuIsFastAtAndSimDoesNot() throws Exception {
        for (String name : List.of("raspberry-pi-3", "raspberry-pi-4", "raspberry-pi-zero-2w", "compute-module-4")) {
            assertThat(HardwareProfile.load(name, List.of(SHIPPED)).queueSealing()).as(name)
                    .isEqualTo(new QueueSealingProfile(true, "chacha20-poly1305"));
        }
        assertThat(HardwareProfile.load("raspberry-pi-5", List.of(SHIPPED)).queueSealing()).isEqualTo(new QueueSealingProfile(true, "aes-gcm"));
        assertThat(HardwareProfile.load("generic-linux", List.of(SHIPPED)).queueSealing()).isEqualTo(new QueueSealingProfile(true, "auto"));
        QueueSealingProfile sim = HardwareProfile.load("sim", List.of(SHIPPED)).queueSealing();
        assertThat(sim.encrypt()).isFalse();
        assertThat(sim.frameworkProperties()).containsEntry("mviot.queue.encrypt", "false");
    }

    @Test
    void aQueueSealingTypoNamesTheFileAndTheKey() throws Exception {
        write("sim", sim() + "\nqueue.cipher=rot13\n");
        assertThatThrownBy(() -> HardwareProfile.load("sim", List.of(dir))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sim.properties").hasMessageContaining("queue.cipher").hasMessageContaining("rot13");
        write("sim", sim().replace("queue.encrypt=false", "queue.encrypt=yes"));
        assertThatThrownBy(() -> HardwareProfile.load("sim", List.of(dir))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("queue.encrypt").hasMessageContaining("'yes'");
    }

    @Test
    void simNeedsNoHardware() throws Exception {
        HardwareProfile sim = HardwareProfile.load("sim", List.of(SHIPPED));
        assertThat(sim.gpioChip()).isEqualTo("none");
        assertThat(sim.serialPorts()).isEmpty();
        assertThat(sim.header()).isEmpty();
    }

    @Test
    void unknownProfileListsTheAvailableOnes() {
        assertThatThrownBy(() -> HardwareProfile.load("toaster", List.of(SHIPPED)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown hardware profile 'toaster'")
                .hasMessageContaining("raspberry-pi-zero-2w");
    }

    @Test
    void installerProfilesOverrideShippedOnes() throws Exception {
        write("sim", sim().replace("board.ram.mb=64", "board.ram.mb=128"));
        assertThat(HardwareProfile.load("sim", List.of(dir, SHIPPED)).ramMb()).isEqualTo(128);
    }

    @Test
    void rejectsAProfileWhoseNameDiffersFromItsFile() throws Exception {
        write("other", sim());
        assertThatThrownBy(() -> HardwareProfile.load("other", List.of(dir)))
                .hasMessageContaining("other.properties: field 'profile.name' is 'sim', expected 'other'");
    }

    @Test
    void rejectsAnUnknownGpioProviderNamingTheField() throws Exception {
        write("sim", sim().replace("gpio.provider=mock", "gpio.provider=wiringpi"));
        assertThatThrownBy(() -> HardwareProfile.load("sim", List.of(dir)))
                .hasMessageContaining("sim.properties: field 'gpio.provider' is 'wiringpi', expected one of gpiod, linuxfs, mock, none");
    }

    @Test
    void rejectsJvmOptionsThatLeaveTheHeapUnbounded() throws Exception {
        write("sim", sim().replaceAll("jvm.options=.*", "jvm.options=-XX:+UseSerialGC"));
        assertThatThrownBy(() -> HardwareProfile.load("sim", List.of(dir))).hasMessageContaining("field 'jvm.options'");
    }

    @Test
    void rejectsAHeaderWithAMissingPin() throws Exception {
        String pi = Files.readString(SHIPPED.resolve("raspberry-pi-4.properties")).replace("header.pin.26=BCM7\n", "");
        write("raspberry-pi-4", pi);
        assertThatThrownBy(() -> HardwareProfile.load("raspberry-pi-4", List.of(dir)))
                .hasMessageContaining("field 'header.pin.26' is missing");
    }

    @Test
    void rejectsAHeaderThatUsesOneGpioTwice() throws Exception {
        String pi = Files.readString(SHIPPED.resolve("raspberry-pi-4.properties")).replace("header.pin.26=BCM7", "header.pin.26=BCM17");
        write("raspberry-pi-4", pi);
        assertThatThrownBy(() -> HardwareProfile.load("raspberry-pi-4", List.of(dir)))
                .hasMessageContaining("is BCM17, which header.pin.11 already is");
    }

    @Test
    void rejectsASerialPortThatIsNotADevicePath() throws Exception {
        write("sim", sim().replace("serial.ports=", "serial.ports=COM3"));
        assertThatThrownBy(() -> HardwareProfile.load("sim", List.of(dir)))
                .hasMessageContaining("field 'serial.ports' lists 'COM3'");
    }

    @Test
    void everyHardwareProfileDeniesCommandsWithoutAPolicyAndOnlySimRunsTheDemoPolicyAndAllStartTheSecurityFeature() throws Exception {
        for (String name : List.of("raspberry-pi-3", "raspberry-pi-4", "raspberry-pi-5", "raspberry-pi-zero-2w", "compute-module-4", "generic-linux")) {
            HardwareProfile p = HardwareProfile.load(name, List.of(SHIPPED));
            assertThat(p.policyMissing()).as(name).isEqualTo("deny");
            assertThat(p.features()).as(name).contains(CommandPolicy.FEATURE);
        }
        HardwareProfile sim = HardwareProfile.load("sim", List.of(SHIPPED));
        assertThat(sim.policyMissing()).isEqualTo("demo");
        assertThat(sim.features()).contains(CommandPolicy.FEATURE);
    }

    @Test
    void aProfileWithoutAPolicyLineDeniesAndAnUnknownValueIsRefusedNamingTheField() throws Exception {
        write("sim", sim().replace("policy.missing=demo", ""));
        assertThat(HardwareProfile.load("sim", List.of(dir)).policyMissing()).isEqualTo("deny");
        write("sim", sim().replace("policy.missing=demo", "policy.missing=allow"));
        assertThatThrownBy(() -> HardwareProfile.load("sim", List.of(dir)))
                .hasMessageContaining("field 'policy.missing' is 'allow', expected deny or demo");
    }

    private static String sim() throws IOException {
        return Files.readString(SHIPPED.resolve("sim.properties"));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name + ".properties"), content);
    }
}
