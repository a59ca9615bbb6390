package org.mviot.edge.launcher.tls;

/** The names of the cloud link's credential settings in {@code gateway.properties} (the link reads them as {@code mviot.broker.*}). */
public final class BrokerCredentials {

    /** PEM file of the CA certificates that sign the broker's certificate. */
    public static final String CA = "broker.tls.ca";
    /** PEM file of the gateway's client certificate chain (mutual TLS). */
    public static final String CERTIFICATE = "broker.tls.certificate";
    /** PEM file (unencrypted PKCS#8) of the client certificate's key. */
    public static final String KEY = "broker.tls.key";
    /** Broker user name. */
    public static final String USERNAME = "broker.username";
    /** File holding the broker password (0600). */
    public static final String PASSWORD_FILE = "broker.password.file";
    /** Directory under the configuration directory that holds the copies, 0700. */
    public static final String KEYS_DIR = "keys";

    private BrokerCredentials() {
    }
}
