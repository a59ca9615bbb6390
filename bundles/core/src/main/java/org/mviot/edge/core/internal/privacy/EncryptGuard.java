package org.mviot.edge.core.internal.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.mviot.edge.core.internal.pipeline.ValueGuard;

/**
 * {@code "pii": "encrypt"}: each value becomes {@code aes-gcm:<base64url of nonce (12 bytes),
 * ciphertext and tag (16)>}, AES-256-GCM with the key the cloud holds; the associated data is
 * {@code <thing>/<feature>/<path>}, so a token copied to another property does not open. The
 * plaintext is the typed value ({@link PlainForm}). Nonces are 96 random bits per value: personal
 * data channels change far less than the 2^32 values per key within which random nonces are safe
 * (NIST SP 800-38D). Not thread-safe: its device's pipeline serializes calls.
 */
final class EncryptGuard implements ValueGuard {

    static final String PREFIX = "aes-gcm:";
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] aad;
    private final SecureRandom random;

    EncryptGuard(byte[] key, String property, SecureRandom random) throws GeneralSecurityException {
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        this.key = new SecretKeySpec(key, "AES");
        this.aad = property.getBytes(StandardCharsets.UTF_8);
        this.random = random;
    }

    @Override
    public boolean drops() {
        return false;
    }

    @Override
    public Object protect(Object value) {
        byte[] plain = PlainForm.of(value);
        byte[] out = new byte[12 + plain.length + 16];
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 0, 12);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
            cipher.doFinal(plain, 0, plain.length, out, 12);
        } catch (GeneralSecurityException e) {
            // never the value in clear: the report carries nothing
            return null;
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }
}
