package org.mviot.edge.it.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate a TLS server presents, taken as an installer takes a self-signed one: read it
 * without trusting it, then compare its SHA-256 fingerprint with the one the gateway prints
 * ({@code mviot-edge status}) before accepting it. Its public-key pin is what Chromium's
 * {@code --ignore-certificate-errors-spki-list} accepts.
 *
 * @param certificate the server's certificate
 * @param cipherSuite the cipher suite the handshake agreed on (the server's preference among the client's offer)
 */
record ServedCertificate(X509Certificate certificate, String cipherSuite) {

    /**
     * Connects, completes a TLS handshake that accepts any certificate (nothing is sent over it)
     * and keeps the certificate the server presented.
     *
     * @param host host
     * @param port port
     * @return the certificate
     * @throws IOException if the handshake fails
     */
    static ServedCertificate of(String host, int port) throws IOException {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new ReadOnly()}, null);
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(host, port), 10_000);
                s.setSoTimeout(10_000);
                s.startHandshake();
                Certificate[] chain = s.getSession().getPeerCertificates();
                return new ServedCertificate((X509Certificate) chain[0], s.getSession().getCipherSuite());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS handshake with " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** @return the certificate's SHA-256 fingerprint as {@code AB:CD:…} (upper case, colon separated) */
    String sha256Fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the base64 SHA-256 of the certificate's SubjectPublicKeyInfo: Chromium's public-key
     *         pin (what {@code openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst
     *         -sha256 -binary | base64} prints)
     */
    String spkiPin() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param printed a fingerprint as a person might copy it ({@code ab:cd…}, {@code ABCD…}, with spaces)
     * @return whether it is this certificate's
     */
    boolean hasFingerprint(String printed) {
        String clean = printed.replaceAll("[^0-9A-Fa-f]", "").toUpperCase(Locale.ROOT);
        return clean.equals(sha256Fingerprint().replace(":", ""));
    }

    /** Accepts every certificate: only to read the one presented, which the caller then checks by its fingerprint. */
    private static final class ReadOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepted here, checked by fingerprint afterwards
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
