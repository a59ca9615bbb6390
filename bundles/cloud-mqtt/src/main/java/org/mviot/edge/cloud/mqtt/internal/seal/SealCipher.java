package org.mviot.edge.cloud.mqtt.internal.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Locale;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AEAD ciphers a queue record can be sealed with, both from the JDK's own provider (JCE, no
 * native code), both with 256-bit keys, 96-bit nonces and 128-bit tags. Each is stored as its fixed
 * {@link #id()} in the record, so a queue written with one is read after a switch to the other.
 */
public enum SealCipher {
    /** AES-256-GCM: fast where the CPU has AES instructions (x86 AES-NI, ARMv8 crypto extensions: Pi 5). */
    AES_GCM(1, "AES/GCM/NoPadding", "AES"),
    /** ChaCha20-Poly1305: fast in software, for boards without AES instructions (Pi 3, 4, Zero 2 W, CM4). */
    CHACHA20_POLY1305(2, "ChaCha20-Poly1305", "ChaCha20");

    /** Nonce bytes of both ciphers. */
    public static final int NONCE_BYTES = 12;
    /** Tag bytes of both ciphers. */
    public static final int TAG_BYTES = 16;

    private final byte id;
    private final String transformation;
    private final String keyAlgorithm;

    SealCipher(int id, String transformation, String keyAlgorithm) {
        this.id = (byte) id;
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
    }

    /** @return the byte stored in a sealed record */
    public byte id() {
        return id;
    }

    /** @return how settings and the twin name it: {@code aes-gcm}, {@code chacha20-poly1305} */
    public String setting() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param id a stored id
     * @return its cipher, or {@code null} when unknown
     */
    public static SealCipher byId(byte id) {
        for (SealCipher c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    /**
     * @param setting {@code aes-gcm} or {@code chacha20-poly1305}
     * @return the cipher, or {@code null} when the text names none
     */
    public static SealCipher bySetting(String setting) {
        for (SealCipher c : values()) {
            if (c.setting().equals(setting)) {
                return c;
            }
        }
        return null;
    }

    Cipher newCipher() throws GeneralSecurityException {
        return Cipher.getInstance(transformation);
    }

    AlgorithmParameterSpec parameters(byte[] nonce) {
        return this == AES_GCM ? new GCMParameterSpec(TAG_BYTES * 8, nonce) : new IvParameterSpec(nonce);
    }

    /**
     * This cipher's own key, derived from the queue key with HMAC-SHA256 over the cipher's name: the
     * two ciphers never share a key (one key with two algorithms is a known weakness).
     */
    SecretKey subkey(byte[] queueKey) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(queueKey, "HmacSHA256"));
        byte[] k = mac.doFinal(("mviot-edge queue record key " + setting()).getBytes(StandardCharsets.US_ASCII));
        return new SecretKeySpec(k, keyAlgorithm);
    }
}
