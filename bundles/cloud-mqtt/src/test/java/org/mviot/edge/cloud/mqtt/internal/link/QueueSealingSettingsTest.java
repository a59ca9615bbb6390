package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.cloud.mqtt.internal.seal.QueueSealing;
import org.mviot.edge.cloud.mqtt.internal.seal.SealCipher;
import org.mviot.edge.testsupport.ComponentConfigs;

class QueueSealingSettingsTest {

    @TempDir
    Path dir;

    private static final Path QUEUE = Path.of("/var/lib/mviot/cloud-mqtt/queue");

    private QueueSealing resolve(Map<String, Object> config, Map<String, String> framework, String cpuFlags) throws IOException {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nflags\t\t: " + cpuFlags + "\n");
        return QueueSealingSettings.resolve(ComponentConfigs.of(LinkConfig.class, config), framework::get, QUEUE, cpuinfo);
    }

    @Test
    void isOffWhenNeitherConfigAdminNorTheProfileSaysAnything() throws IOException {
        QueueSealing s = resolve(Map.of(), Map.of(), "sse2 aes");
        assertThat(s.encrypt()).isFalse();
        assertThat(s.twin()).isEqualTo("off");
        // the key's place is known even when off: a queue sealed before is still read
        assertThat(s.keyFile()).isEqualTo(Path.of("/var/lib/mviot/cloud-mqtt/queue.key"));
    }

    @Test
    void theProfileTurnsItOnWithItsCipher() throws IOException {
        QueueSealing s = resolve(Map.of(), Map.of("mviot.queue.encrypt", "true", "mviot.queue.cipher", "chacha20-poly1305"), "sse2 aes");
        assertThat(s.encrypt()).isTrue();
        assertThat(s.cipher()).isEqualTo(SealCipher.CHACHA20_POLY1305);
        assertThat(s.nonceFile()).isEqualTo(Path.of("/var/lib/mviot/cloud-mqtt/queue.nonce"));
    }

    @Test
    void withoutACipherTheCpuDecides() throws IOException {
        Map<String, String> on = Map.of("mviot.queue.encrypt", "true");
        assertThat(resolve(Map.of(), on, "sse2 aes avx").cipher()).isEqualTo(SealCipher.AES_GCM);
        assertThat(resolve(Map.of(), on, "fp asimd crc32").cipher()).isEqualTo(SealCipher.CHACHA20_POLY1305);
    }

    @Test
    void configAdminWinsOverTheProfile() throws IOException {
        QueueSealing s = resolve(Map.of("queue_encrypt", "false", "queue_key_file", "/etc/mviot/queue.key"),
                Map.of("mviot.queue.encrypt", "true"), "aes");
        assertThat(s.encrypt()).isFalse();
        assertThat(s.keyFile()).isEqualTo(Path.of("/etc/mviot/queue.key"));
    }

    @Test
    void aTypoIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> resolve(Map.of("queue_encrypt", "yes"), Map.of(), "aes")).hasMessageContaining("queue.encrypt 'yes'");
        assertThatThrownBy(() -> resolve(Map.of("queue_cipher", "des"), Map.of(), "aes")).hasMessageContaining("queue.cipher 'des'")
                .hasMessageContaining("aes-gcm, chacha20-poly1305 or auto");
    }
}
