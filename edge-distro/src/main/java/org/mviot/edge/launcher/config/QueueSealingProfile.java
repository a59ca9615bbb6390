package org.mviot.edge.launcher.config;

import java.util.Map;

/**
 * What a hardware profile says about encrypting the cloud link's queue at rest: {@code queue.encrypt}
 * ({@code true}/{@code false}, absent: false) and {@code queue.cipher} ({@code aes-gcm} where the CPU
 * has AES instructions, {@code chacha20-poly1305} where it has not, or {@code auto}: the cloud link
 * reads {@code /proc/cpuinfo}; absent: auto). The cloud link gets them as framework properties; its
 * own Config Admin keys ({@code queue.encrypt}, {@code queue.cipher}) win over them.
 *
 * @param encrypt whether new queue records are sealed
 * @param cipher  {@code aes-gcm}, {@code chacha20-poly1305} or {@code auto}
 */
public record QueueSealingProfile(boolean encrypt, String cipher) {

    /** Framework property the cloud link reads for {@code queue.encrypt}. */
    public static final String ENCRYPT_PROPERTY = "mviot.queue.encrypt";
    /** Framework property the cloud link reads for {@code queue.cipher}. */
    public static final String CIPHER_PROPERTY = "mviot.queue.cipher";

    /**
     * @param f a profile file
     * @return its queue sealing
     * @throws ConfigException naming the file and the key when a value is not one of those allowed
     */
    static QueueSealingProfile parse(PropertiesFile f) throws ConfigException {
        String encrypt = f.optional("queue.encrypt");
        if (encrypt != null && !encrypt.equals("true") && !encrypt.equals("false")) {
            throw f.error("queue.encrypt", "is '" + encrypt + "', expected true or false");
        }
        String cipher = f.optional("queue.cipher");
        if (cipher == null) {
            cipher = "auto";
        } else if (!cipher.equals("aes-gcm") && !cipher.equals("chacha20-poly1305") && !cipher.equals("auto")) {
            throw f.error("queue.cipher", "is '" + cipher + "', expected aes-gcm, chacha20-poly1305 or auto");
        }
        return new QueueSealingProfile(Boolean.parseBoolean(encrypt), cipher);
    }

    /** @return the framework properties that carry it to the cloud link */
    public Map<String, String> frameworkProperties() {
        return Map.of(ENCRYPT_PROPERTY, Boolean.toString(encrypt), CIPHER_PROPERTY, cipher);
    }
}
