package org.mviot.edge.cloud.mqtt.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Reads the PEM files of the TLS settings with the JDK alone: X.509 certificates, and unencrypted
 * PKCS#8 private keys (RSA, EC, Ed25519; {@code mviot-edge provision} converts PKCS#12 to these).
 * Every error names the file.
 */
public final class PemFiles {

    /** No PEM file of ours is larger: a bound before anything is read into memory. */
    static final long MAX_BYTES = 1024 * 1024;

    private PemFiles() {
    }

    /**
     * @param pem a file of one or more PEM certificates
     * @return its certificates, at least one
     * @throws IOException naming the file when it is missing, unreadable, too large or holds none
     */
    public static List<X509Certificate> certificates(Path pem) throws IOException {
        byte[] bytes = read(pem);
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))
                    .stream().map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new IOException(pem + " holds no PEM certificate");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException(pem + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
    }

    /**
     * @param pem a file with a {@code BEGIN PRIVATE KEY} block
     * @return the key
     * @throws IOException naming the file, with the openssl command that converts other forms
     */
    public static PrivateKey privateKey(Path pem) throws IOException {
        String text = new String(read(pem), StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(pem + " holds no PKCS#8 'BEGIN PRIVATE KEY' block (convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new IOException(pem + ": the private key block is not valid base64", e);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(pem + ": the private key is neither RSA, EC nor Ed25519");
    }

    private static byte[] read(Path file) throws IOException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than " + MAX_BYTES + " bytes: not a PEM file of certificates or a key");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + " cannot be read by this user (permission denied)", e);
        }
    }
}
