package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.cloud.mqtt.internal.seal.QueueSealing;
import org.mviot.edge.cloud.mqtt.internal.seal.SealCipher;
import org.mviot.edge.testsupport.ComponentConfigs;

class QueueSealingSettingsTest {

    private static final Path QUEUE = Path.of("/var/lib/mviot/cloud-mqtt/queue");

    private QueueSealing resolve(Map<String, Object> config, Map<String, String> framework) {
        return QueueSealingSettings.resolve(ComponentConfigs.of(LinkConfig.class, config), framework::get, QUEUE);
    }

    @Test
    void isOffWhenNeitherConfigAdminNorTheProfileSaysAnything() {
        QueueSealing s = resolve(Map.of(), Map.of());
        assertThat(s.encrypt()).isFalse();
        assertThat(s.twin()).isEqualTo("off");
        // the key's place is known even when off: a queue sealed before is still read
        assertThat(s.keyFile()).isEqualTo(Path.of("/var/lib/mviot/cloud-mqtt/queue.key"));
    }

    @Test
    void theProfileTurnsItOnWithItsCipher() {
        QueueSealing s = resolve(Map.of(), Map.of("mviot.queue.encrypt", "true", "mviot.queue.cipher", "chacha20-poly1305"));
        assertThat(s.encrypt()).isTrue();
        assertThat(s.cipher()).isEqualTo(SealCipher.CHACHA20_POLY1305);
        assertThat(s.nonceFile()).isEqualTo(Path.of("/var/lib/mviot/cloud-mqtt/queue.nonce"));
    }

    @Test
    void withoutACipherTheLaunchersDecisionForThisJvmAndCpuApplies() {
        assertThat(resolve(Map.of(), Map.of("mviot.queue.encrypt", "true", "mviot.aead.fast", "aes-gcm")).cipher()).isEqualTo(SealCipher.AES_GCM);
        assertThat(resolve(Map.of(), Map.of("mviot.queue.encrypt", "true", "mviot.aead.fast", "chacha20-poly1305")).cipher())
                .isEqualTo(SealCipher.CHACHA20_POLY1305);
        assertThat(resolve(Map.of("queue_cipher", "auto"), Map.of("mviot.aead.fast", "aes-gcm")).cipher()).isEqualTo(SealCipher.AES_GCM);
        // no launcher (or a value it never writes): ChaCha20-Poly1305, constant time in plain Java
        assertThat(resolve(Map.of(), Map.of("mviot.queue.encrypt", "true")).cipher()).isEqualTo(SealCipher.CHACHA20_POLY1305);
        assertThat(resolve(Map.of(), Map.of("mviot.aead.fast", "rot13")).cipher()).isEqualTo(SealCipher.CHACHA20_POLY1305);
    }

    @Test
    void configAdminWinsOverTheProfile() {
        QueueSealing s = resolve(Map.of("queue_encrypt", "false", "queue_key_file", "/etc/mviot/queue.key"),
                Map.of("mviot.queue.encrypt", "true"));
        assertThat(s.encrypt()).isFalse();
        assertThat(s.keyFile()).isEqualTo(Path.of("/etc/mviot/queue.key"));
    }

    @Test
    void aTypoIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> resolve(Map.of("queue_encrypt", "yes"), Map.of())).hasMessageContaining("queue.encrypt 'yes'");
        assertThatThrownBy(() -> resolve(Map.of("queue_cipher", "des"), Map.of())).hasMessageContaining("queue.cipher 'des'")
                .hasMessageContaining("aes-gcm, chacha20-poly1305 or auto");
    }
}
