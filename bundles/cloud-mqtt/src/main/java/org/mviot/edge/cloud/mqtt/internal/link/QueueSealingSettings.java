package org.mviot.edge.cloud.mqtt.internal.link;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

import org.mviot.edge.api.launch.FrameworkProperties;
import org.mviot.edge.cloud.mqtt.internal.seal.QueueSealing;
import org.mviot.edge.cloud.mqtt.internal.seal.SealCipher;

/**
 * Decides whether and how the queue is sealed: the Config Admin keys {@code queue.encrypt},
 * {@code queue.cipher} and {@code queue.key.file} win; else the hardware profile's
 * {@code queue.encrypt}/{@code queue.cipher}, which the launcher hands over as the framework
 * properties {@value #ENCRYPT_PROPERTY} and {@value #CIPHER_PROPERTY}; else off. A cipher of
 * {@code auto} takes the one this JVM on this CPU computes faster, as the launcher decided it once
 * ({@link FrameworkProperties#FAST_AEAD}); ChaCha20-Poly1305 when no launcher said.
 */
final class QueueSealingSettings {

    /** Framework property with the hardware profile's {@code queue.encrypt}. */
    static final String ENCRYPT_PROPERTY = "mviot.queue.encrypt";
    /** Framework property with the hardware profile's {@code queue.cipher}. */
    static final String CIPHER_PROPERTY = "mviot.queue.cipher";

    private QueueSealingSettings() {
    }

    static QueueSealing resolve(LinkConfig c, Function<String, String> framework, Path queueDir) {
        String encryptText = first(c.queue_encrypt(), framework.apply(ENCRYPT_PROPERTY), "false").toLowerCase(Locale.ROOT);
        if (!encryptText.equals("true") && !encryptText.equals("false")) {
            throw new IllegalArgumentException("queue.encrypt '" + encryptText + "': expected true or false");
        }
        String cipherText = first(c.queue_cipher(), framework.apply(CIPHER_PROPERTY), "auto").toLowerCase(Locale.ROOT);
        SealCipher cipher = cipherText.equals("auto") ? auto(framework.apply(FrameworkProperties.FAST_AEAD)) : SealCipher.bySetting(cipherText);
        if (cipher == null) {
            throw new IllegalArgumentException("queue.cipher '" + cipherText + "': expected aes-gcm, chacha20-poly1305 or auto");
        }
        Path beside = queueDir.toAbsolutePath().getParent();
        String keyText = first(c.queue_key_file(), null, "");
        Path keyFile = keyText.isEmpty() ? beside.resolve("queue.key") : Path.of(keyText);
        // the reservation changes at run time, so it stays in the writable data directory whatever the key's place
        Path nonceFile = beside.resolve("queue.nonce");
        return new QueueSealing(Boolean.parseBoolean(encryptText), cipher, keyFile, nonceFile);
    }

    private static SealCipher auto(String fast) {
        SealCipher decided = fast == null ? null : SealCipher.bySetting(fast.trim().toLowerCase(Locale.ROOT));
        return decided != null ? decided : SealCipher.CHACHA20_POLY1305;
    }

    private static String first(String configured, String framework, String fallback) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (framework != null && !framework.isBlank()) {
            return framework.trim();
        }
        return fallback;
    }
}
