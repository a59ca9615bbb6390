package org.mviot.edge.cloud.mqtt.internal.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

import javax.net.SocketFactory;

/**
 * Creates the link's plain TCP sockets with {@code TCP_NODELAY} (Paho sets no socket option). With
 * Nagle's algorithm on, a publish written while the previous one is not yet acknowledged by TCP
 * waits for that acknowledgement, which the broker's side may delay (delayed ACK): at 1,000 messages
 * a second through Mosquitto on 127.0.0.1 every other message or so waited that way, a p99 of 15–17 ms
 * ({@code bundles/driver-gpio/bench/gateway.py}). The link writes whole MQTT packets through Paho's
 * buffered stream, so turning Nagle off costs no extra tiny segments. {@link ModernTlsSocketFactory}
 * does the same for TLS.
 */
public final class NoDelaySocketFactory extends SocketFactory {

    private final SocketFactory delegate = SocketFactory.getDefault();

    /**
     * @param s a socket, connected or not
     * @return the same socket with {@code TCP_NODELAY} on
     * @throws SocketException if the option cannot be set
     */
    static Socket noDelay(Socket s) throws SocketException {
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }
}
