package org.mviot.edge.security.internal.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * A public key pinned in the configuration directory for verifying command signatures, with the
 * subjects it may speak for. PEM {@code PUBLIC KEY} files (SubjectPublicKeyInfo, as
 * {@code openssl pkey -pubout} writes): an EC P-256 key verifies ES256, an Ed25519 key EdDSA.
 *
 * @param kid       the key id a JWS names in its header
 * @param key       the public key
 * @param algorithm ES256 or EdDSA, from the key's type
 * @param subjects  the originators this key's signatures authenticate
 */
public record PinnedKey(String kid, PublicKey key, JWSAlgorithm algorithm, Set<String> subjects) {

    /** Largest key file read. */
    static final long MAX_FILE_BYTES = 16 * 1024;

    /**
     * @param kid      key id
     * @param file     the PEM file
     * @param subjects subjects
     * @return the key
     * @throws IOException              the file cannot be read
     * @throws IllegalArgumentException naming what is wrong with its content
     */
    public static PinnedKey read(String kid, Path file, Set<String> subjects) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("key file is over " + MAX_FILE_BYTES + " bytes");
        }
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no PEM 'PUBLIC KEY' block (write one with: openssl pkey -in KEY -pubout)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not Base64: " + e.getMessage());
        }
        for (String type : new String[] {"EC", "Ed25519"}) {
            try {
                PublicKey k = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
                if (k instanceof ECPublicKey ec) {
                    if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
                        throw new IllegalArgumentException("an EC key must be on P-256 for ES256, this one has "
                                + ec.getParams().getCurve().getField().getFieldSize() + " bits");
                    }
                    return new PinnedKey(kid, k, JWSAlgorithm.ES256, Set.copyOf(subjects));
                }
                return new PinnedKey(kid, k, JWSAlgorithm.EdDSA, Set.copyOf(subjects));
            } catch (GeneralSecurityException e) {
                // not this type: try the next
            }
        }
        throw new IllegalArgumentException("not an EC P-256 or Ed25519 public key");
    }
}
