package org.mviot.edge.cloud.mqtt.internal.tls;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Says why a connection attempt failed in words an installer acts on, instead of Paho's
 * "Untranslated MqttException - RC: 0 (unable to find valid certification path …)": the broker's
 * certificate (expired, untrusted by the CA file, host name not in it), the broker refusing the
 * gateway's certificate or credentials (its TLS alert or CONNACK reason code), no common TLS
 * version, a refused TCP connection. Anything else keeps Paho's message and its root cause.
 */
public final class ConnectFailure {

    private static final Pattern ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");

    private ConnectFailure() {
    }

    /**
     * @param e           what Paho reported
     * @param certificate the client certificate file, {@code null} without mutual TLS
     * @return the reason, one line
     */
    public static String explain(Throwable e, Path certificate) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BrokerCertificateException b) {
                return b.getMessage();
            }
        }
        if (e instanceof MqttException m) {
            String refused = refusal(m.getReasonCode());
            if (refused != null) {
                return refused + " (MQTT reason code " + m.getReasonCode() + ")";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t.getMessage() == null ? "" : t.getMessage();
            Matcher alert = ALERT.matcher(msg);
            if (t instanceof SSLException && alert.find()) {
                return alert(alert.group(1), certificate);
            }
            if (t instanceof SSLException && (msg.contains("No appropriate protocol") || msg.contains("protocol_version"))) {
                return "the broker offers no TLS 1.2 or 1.3 (the gateway speaks only those): " + msg;
            }
            if (t instanceof ConnectException) {
                // the JDK's message mostly says the same ("Connection refused"): kept only when it says more
                return "connection refused" + (msg.equalsIgnoreCase("connection refused") ? "" : " (" + msg + ")")
                        + ": is the broker running and the port right?";
            }
            if (t instanceof UnknownHostException) {
                return "unknown broker host " + msg;
            }
        }
        return describe(e);
    }

    private static String alert(String alert, Path certificate) {
        String cert = certificate == null ? "the gateway has no client certificate (broker.tls.certificate)"
                : "client certificate " + certificate;
        return switch (alert) {
            case "certificate_required" -> "broker refused: it requires a client certificate and " + cert
                    + (certificate == null ? "" : " was not sent") + " (TLS alert certificate_required)";
            case "certificate_expired" -> "broker refused: client certificate expired (" + cert + "; TLS alert certificate_expired)";
            case "unknown_ca", "bad_certificate", "certificate_unknown", "unsupported_certificate", "access_denied" -> certificate == null
                    ? "broker refused the connection (TLS alert " + alert + "): it may require a client certificate, and " + cert
                    : "broker refused " + cert + ": not signed by a CA it trusts, or not accepted (TLS alert " + alert + ")";
            case "decrypt_error" -> "broker refused the TLS handshake: the client key does not match " + cert + " (TLS alert decrypt_error)";
            case "protocol_version" -> "the broker offers no TLS 1.2 or 1.3 (the gateway speaks only those; TLS alert protocol_version)";
            case "handshake_failure" -> "broker refused the TLS handshake: no common cipher or protocol (TLS alert handshake_failure)";
            default -> "broker ended the TLS handshake (TLS alert " + alert.toLowerCase(Locale.ROOT) + ")";
        };
    }

    private static String refusal(int reasonCode) {
        return switch (reasonCode) {
            case 134 -> "broker refused: bad user name or password";
            case 135 -> "broker refused: not authorized";
            case 133 -> "broker refused: client id not valid";
            case 136 -> "broker refused: server unavailable";
            case 137 -> "broker refused: server busy";
            case 138 -> "broker refused: banned";
            case 140 -> "broker refused: bad authentication method";
            default -> null;
        };
    }

    /**
     * @param e any failure
     * @return its message and, when different, its root cause's
     */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage();
        String r = root == e ? null : root.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m) + (r == null || r.equals(m) ? "" : " (" + r + ")");
    }
}
