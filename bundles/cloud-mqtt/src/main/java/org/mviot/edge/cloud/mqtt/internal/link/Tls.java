package org.mviot.edge.cloud.mqtt.internal.link;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.mviot.edge.cloud.mqtt.internal.tls.ClientCredentials;
import org.mviot.edge.cloud.mqtt.internal.tls.ExplainingTrustManager;
import org.mviot.edge.cloud.mqtt.internal.tls.ModernTlsSocketFactory;
import org.mviot.edge.cloud.mqtt.internal.tls.PemFiles;

/**
 * Builds the TLS socket factory from PEM files: CA certificates, and optionally a client certificate
 * and key (mTLS). TLS 1.2 and 1.3 only; the broker's certificate refused with the reason in words;
 * the client certificate checked (dates, key) before it is offered. The files are read at every
 * connection attempt, so renewed certificates are used without a restart.
 */
public final class Tls {

    private Tls() {
    }

    /**
     * @param ca          CA certificates, {@code null} for the JVM's trust store
     * @param certificate client certificate chain, {@code null} for none
     * @param key         the client certificate's PKCS#8 private key (RSA, EC or Ed25519)
     * @return the socket factory
     * @throws IOException naming the file that cannot be used and why
     */
    public static SSLSocketFactory socketFactory(Path ca, Path certificate, Path key) throws IOException {
        try {
            KeyStore trust = null;
            if (ca != null) {
                trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : PemFiles.certificates(ca)) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust); // null: the JVM's trust store
            KeyManagerFactory kmf = null;
            if (certificate != null) {
                if (key == null) {
                    throw new IOException("tls.certificate " + certificate + " is set but tls.key is not: mutual TLS needs both");
                }
                ClientCredentials client = ClientCredentials.load(certificate, key, Instant.now());
                char[] pw = new char[0];
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                ks.setKeyEntry("client", client.key(), pw, client.chain().toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), explaining(tmf.getTrustManagers(), ca), null);
            return new ModernTlsSocketFactory(ctx.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS settings cannot be used: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] explaining(TrustManager[] managers, Path ca) {
        TrustManager[] out = managers.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof X509ExtendedTrustManager x) {
                out[i] = new ExplainingTrustManager(x, ca);
            }
        }
        return out;
    }
}
