package org.mviot.edge.cloud.mqtt.internal.tls;

import java.security.cert.CertificateException;

/**
 * The broker's certificate was refused, with the reason in words a person understands (expired, not
 * trusted by the configured CA file, host name not in the certificate). JSSE carries it as the cause
 * of the handshake failure; {@link ConnectFailure} finds it there.
 */
public final class BrokerCertificateException extends CertificateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the reason, in words
     * @param cause   what the JDK's validation said
     */
    public BrokerCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
