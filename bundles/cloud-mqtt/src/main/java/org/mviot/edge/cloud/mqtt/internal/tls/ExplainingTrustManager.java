package org.mviot.edge.cloud.mqtt.internal.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's trust manager for the broker's certificate, with its refusal said in words: the JDK
 * says "unable to find valid certification path to requested target" for an untrusted CA, an
 * expired certificate and more alike. The checks stay the JDK's (PKIX path validation, then the
 * host name through the socket's endpoint identification, which Paho turns on); this class only
 * runs them in two steps so it knows which one refused, and names the certificate and the CA file.
 * Client certificates are never checked here (the gateway is not a server).
 */
public final class ExplainingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final String trustSource;

    /**
     * @param delegate the JDK's trust manager over the configured CA certificates
     * @param ca       the CA file, {@code null} when the JVM's trust store is used
     */
    public ExplainingTrustManager(X509ExtendedTrustManager delegate, Path ca) {
        this.delegate = delegate;
        this.trustSource = ca == null ? "the JVM's trust store (no tls.ca configured)" : ca.toString();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkPath(chain, authType);
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            String host = socket instanceof SSLSocket s && s.getHandshakeSession() != null ? s.getHandshakeSession().getPeerHost() : null;
            throw hostMismatch(chain[0], host, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkPath(chain, authType);
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw hostMismatch(chain[0], engine == null ? null : engine.getPeerHost(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkPath(chain, authType);
    }

    /** The certificate's dates, then the path to a trusted CA, without the host name. */
    private void checkPath(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new BrokerCertificateException("the broker sent no certificate", null);
        }
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new BrokerCertificateException("broker certificate " + subject(leaf) + " expired on " + leaf.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new BrokerCertificateException("broker certificate " + subject(leaf) + " is not valid before "
                    + leaf.getNotBefore().toInstant() + " (is the gateway's clock right?)", e);
        }
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new BrokerCertificateException("broker certificate not trusted by " + trustSource + ": " + subject(leaf) + " issued by "
                    + leaf.getIssuerX500Principal().getName() + (chain.length > 1 ? " (chain of " + chain.length + ")" : ""), e);
        }
    }

    private static BrokerCertificateException hostMismatch(X509Certificate leaf, String host, CertificateException e) {
        return new BrokerCertificateException("broker host name " + (host == null ? "(unknown)" : host) + " not in certificate " + subject(leaf)
                + " (names: " + names(leaf) + ")", e);
    }

    static String subject(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }

    private static List<String> names(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    // 2: dNSName, 7: iPAddress (RFC 5280 GeneralName tags)
                    Object type = san.get(0);
                    if (Integer.valueOf(2).equals(type)) {
                        out.add("DNS:" + san.get(1));
                    } else if (Integer.valueOf(7).equals(type)) {
                        out.add("IP:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            out.add("unreadable subject alternative names");
        }
        return out;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the gateway does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the gateway does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the gateway does not accept client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
