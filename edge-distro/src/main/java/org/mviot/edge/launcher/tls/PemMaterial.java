package org.mviot.edge.launcher.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * Reads and writes the PEM files of the cloud link's TLS settings with the JDK alone: X.509
 * certificates and unencrypted PKCS#8 keys (RSA, EC, Ed25519), the forms the link reads. The
 * cloud-mqtt bundle has the same reading (its {@code PemFiles}); the launcher runs outside OSGi
 * and cannot use a bundle's internal package, so these few lines exist twice. Errors name the file.
 */
public final class PemMaterial {

    /** A bound before anything is read into memory: no certificate or key file of ours is larger. */
    static final long MAX_BYTES = 1024 * 1024;

    private PemMaterial() {
    }

    /**
     * @param file bytes of a file, bounded
     * @param what what the file is, for messages ("--ca", "broker.tls.ca")
     * @return its bytes
     * @throws ConfigException naming the file: missing, not a file, unreadable, too large
     */
    static byte[] read(Path file, String what) throws ConfigException {
        try {
            if (!Files.exists(file)) {
                throw new ConfigException(what + " " + file + ": file not found");
            }
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(what + " " + file + ": not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(what + " " + file + ": larger than " + MAX_BYTES + " bytes, not a certificate or key file");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ConfigException(what + " " + file + ": cannot be read by this user (permission denied)");
        } catch (IOException e) {
            throw new ConfigException(what + " " + file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * @param file a PEM file of certificates
     * @param what what the file is, for messages
     * @return its certificates, at least one
     * @throws ConfigException naming the file
     */
    public static List<X509Certificate> certificates(Path file, String what) throws ConfigException {
        byte[] bytes = read(file, what);
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))
                    .stream().map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new ConfigException(what + " " + file + ": holds no PEM certificate");
            }
            return certs;
        } catch (CertificateException e) {
            throw new ConfigException(what + " " + file + ": holds no readable PEM certificate (" + e.getMessage() + ")");
        }
    }

    /**
     * @param file a PEM file with a {@code BEGIN PRIVATE KEY} block
     * @param what what the file is, for messages
     * @return the key
     * @throws ConfigException naming the file, with the openssl command that converts other forms
     */
    public static PrivateKey privateKey(Path file, String what) throws ConfigException {
        String text = new String(read(file, what), StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new ConfigException(what + " " + file + ": holds no unencrypted PKCS#8 'BEGIN PRIVATE KEY' block (convert with: "
                    + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(what + " " + file + ": the private key block is not valid base64");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(what + " " + file + ": the private key is neither RSA, EC nor Ed25519");
    }

    /**
     * Whether the key is the private half of the public key: a signature made with one verifies with
     * the other (the same test for RSA, EC and Ed25519).
     *
     * @param key       private key
     * @param publicKey public key
     * @return whether they belong together
     */
    public static boolean matches(PrivateKey key, PublicKey publicKey) {
        String alg = signatureAlgorithm(key.getAlgorithm());
        if (alg == null || !alg.equals(signatureAlgorithm(publicKey.getAlgorithm()))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(publicKey);
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
    }

    /**
     * @param certs certificates
     * @return them as PEM text
     */
    public static String pem(List<X509Certificate> certs) throws ConfigException {
        StringBuilder b = new StringBuilder();
        for (X509Certificate c : certs) {
            try {
                b.append(block("CERTIFICATE", c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new ConfigException("certificate " + c.getSubjectX500Principal() + " cannot be encoded: " + e.getMessage());
            }
        }
        return b.toString();
    }

    /**
     * @param key a private key whose encoding is PKCS#8 (the JDK's for RSA, EC and Ed25519)
     * @return it as a PEM {@code PRIVATE KEY} block
     */
    public static String pem(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
