package org.mviot.edge.console.web.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The admin password as it is stored: salted PBKDF2 with HMAC-SHA256 from the JDK (JCE), written as one line
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64). 310,000 iterations: OWASP's figure for
 * PBKDF2-HMAC-SHA256 when it was set at 310,000 (above the 210,000 asked), about 0.3 s on a Raspberry Pi 4, so a
 * login stays quick while a stolen hash costs an attacker that much per guess; the login rate limit bounds what
 * an online guesser can make the gateway spend.
 */
public final class PasswordHash {

    /** The stored form's prefix. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** Iterations of new hashes. */
    public static final int ITERATIONS = 310_000;
    /** The fewest iterations a stored hash may have; fewer is refused as tampered with or too weak. */
    static final int MIN_ITERATIONS = 210_000;
    /** A stored hash with more iterations than this is refused: a login must not cost minutes of CPU. */
    static final int MAX_ITERATIONS = 5_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private PasswordHash() {
    }

    /**
     * @param password the password
     * @param random   salt source
     * @return the stored form
     */
    public static String hash(char[] password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
    }

    /**
     * @param password a password someone typed
     * @param stored   the stored form
     * @return whether it is the password (compared in constant time)
     * @throws IllegalArgumentException if the stored form is not one this class writes
     */
    public static boolean verify(char[] password, String stored) {
        String[] parts = stored.strip().split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + "$ITERATIONS$SALT$HASH line");
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a " + SCHEME + "$ITERATIONS$SALT$HASH line (" + e.getMessage() + ")");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length < SALT_BYTES || expected.length != HASH_BITS / 8) {
            throw new IllegalArgumentException("iterations, salt or hash length out of bounds");
        }
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /**
     * @param text a password as bytes of a file
     * @return it as characters, without one trailing line end
     */
    static char[] fromFile(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8);
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toCharArray();
    }
}
