package org.mviot.edge.driver.coap.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import org.mviot.edge.api.driver.DriverException;

/**
 * A DTLS device's X.509 credentials as read from {@code conf/keys/}: the certificates trusted to sign
 * the device's certificate, and the gateway's own certificate chain and private key when the device
 * asks for one. Equal credentials (same certificates, same key) share one DTLS endpoint.
 *
 * @param trust the trust anchors, never empty
 * @param chain the gateway's certificate chain (leaf first), {@code null} when it shows none
 * @param key   the private key of {@code chain}'s leaf, {@code null} when it shows none
 */
record X509Credentials(X509Certificate[] trust, X509Certificate[] chain, PrivateKey key) {

    /**
     * Reads the files a device names.
     *
     * @param device the device id, for messages
     * @param files  the file names
     * @param keys   the key directory
     * @return the credentials
     * @throws DriverException naming the file that is missing, open to others or unreadable
     */
    static X509Credentials read(String device, CoapSettings.Certificates files, KeyFiles keys) throws DriverException {
        X509Certificate[] trust = keys.certificates(device, files.ca());
        if (files.certificate() == null) {
            return new X509Credentials(trust, null, null);
        }
        X509Certificate[] chain = keys.certificates(device, files.certificate());
        PrivateKey key = keys.privateKey(device, files.key());
        if (!belong(key, chain[0].getPublicKey())) {
            throw new DriverException("device '" + device + "': DTLS private key file " + files.key() + " does not belong to certificate "
                    + files.certificate() + " (" + chain[0].getSubjectX500Principal() + ")");
        }
        return new X509Credentials(trust, chain, key);
    }

    /** Whether a signature made with the private key verifies with the public key: they are one pair. */
    private static boolean belong(PrivateKey key, PublicKey pub) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(pub.getAlgorithm()) && !(algorithm.equals("Ed25519") && pub.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(challenge);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(pub);
            v.update(challenge);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof X509Credentials c && Arrays.equals(trust, c.trust) && Arrays.equals(chain, c.chain) && java.util.Objects.equals(key, c.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(trust) * 31 + Arrays.hashCode(chain);
    }

    @Override
    public String toString() {
        return "X509Credentials[trust=" + trust.length + " certificates, chain=" + (chain == null ? "none" : chain[0].getSubjectX500Principal()) + "]";
    }
}
