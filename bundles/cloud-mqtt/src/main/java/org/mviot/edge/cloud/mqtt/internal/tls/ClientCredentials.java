package org.mviot.edge.cloud.mqtt.internal.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The gateway's client certificate chain and its private key, checked before they are offered: a
 * broker refuses an expired certificate or a key of another certificate with a bare TLS alert
 * ("bad_certificate", "decrypt_error") or by closing the connection, which tells the installer
 * nothing. Checked here, the link says which file is wrong and why.
 *
 * @param chain the certificate chain, the gateway's own first
 * @param key   its private key
 */
public record ClientCredentials(List<X509Certificate> chain, PrivateKey key) {

    /**
     * Reads and checks the files.
     *
     * @param certificate the certificate chain's PEM file
     * @param keyFile     the key's PEM file (PKCS#8)
     * @param now         the time the certificate must be valid at
     * @return the credentials
     * @throws IOException naming the file: unreadable, expired, not yet valid, or a key that does not match
     */
    public static ClientCredentials load(Path certificate, Path keyFile, Instant now) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(certificate);
        PrivateKey key = PemFiles.privateKey(keyFile);
        X509Certificate own = chain.get(0);
        if (now.isAfter(own.getNotAfter().toInstant())) {
            throw new IOException("client certificate expired on " + own.getNotAfter().toInstant() + ": " + certificate + " ("
                    + ExplainingTrustManager.subject(own) + ")");
        }
        if (now.isBefore(own.getNotBefore().toInstant())) {
            throw new IOException("client certificate not valid before " + own.getNotBefore().toInstant() + ": " + certificate + " ("
                    + ExplainingTrustManager.subject(own) + "; is the gateway's clock right?)");
        }
        if (!matches(key, own.getPublicKey())) {
            throw new IOException("client key " + keyFile + " does not match certificate " + certificate + " ("
                    + ExplainingTrustManager.subject(own) + ")");
        }
        return new ClientCredentials(chain, key);
    }

    /**
     * Whether the key is the private half of the certificate's public key: a signature made with
     * one verifies with the other. Works the same for RSA, EC and Ed25519, where comparing key
     * fields would need a case per algorithm.
     *
     * @param key       private key
     * @param publicKey public key
     * @return whether they belong together
     */
    public static boolean matches(PrivateKey key, PublicKey publicKey) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null || !alg.equals(algorithmOf(publicKey))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(publicKey);
            v.update(challenge);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String algorithmOf(PublicKey k) {
        return switch (k.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> "";
        };
    }
}
