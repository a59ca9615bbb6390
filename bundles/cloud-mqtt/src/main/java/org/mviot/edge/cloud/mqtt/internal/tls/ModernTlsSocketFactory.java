package org.mviot.edge.cloud.mqtt.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Creates the link's TLS sockets with TLS 1.3 and 1.2 enabled and nothing older, whatever the JVM's
 * {@code java.security} allows: a broker that offers only TLS 1.1 or 1.0 is refused in the
 * handshake ("protocol_version"). Paho sets its SNI and endpoint identification afterwards through
 * {@code SSLParameters} without protocols, which leaves these in place.
 */
public final class ModernTlsSocketFactory extends SSLSocketFactory {

    /** The protocols the link speaks, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLSocketFactory delegate;

    /** @param delegate the factory of the configured SSL context */
    public ModernTlsSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    private Socket pin(Socket s) {
        if (s instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(PROTOCOLS.toArray(String[]::new));
        }
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return pin(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return pin(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return pin(delegate.createSocket(s, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return pin(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return pin(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return pin(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return pin(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
