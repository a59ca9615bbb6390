package org.mviot.edge.cloud.mqtt.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

/** The link's sockets have Nagle's algorithm off, plain (as Paho makes them: unconnected, then connected) and TLS. */
class NoDelaySocketFactoryTest {

    @Test
    void plainSocketsHaveTcpNoDelayBeforeAndAfterConnecting() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket s = new NoDelaySocketFactory().createSocket()) {
            assertThat(s.getTcpNoDelay()).isTrue();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
            assertThat(s.getTcpNoDelay()).isTrue();
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket s = new NoDelaySocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void tlsSocketsHaveTcpNoDelayToo() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        try (Socket s = new ModernTlsSocketFactory(ctx.getSocketFactory()).createSocket()) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }
}
