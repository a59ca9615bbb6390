package org.mviot.edge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports a test may give a peer: handed out by the OS on 127.0.0.1 and free when returned, so two
 * test classes never fight over a fixed port such as 1883.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** @return a TCP port of 127.0.0.1 that nothing listens on now */
    public static int tcp() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }

    /** @return a UDP port of 127.0.0.1 that nothing is bound to now (CoAP, NTP peers) */
    public static int udp() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on 127.0.0.1", e);
        }
    }

    /**
     * @param count how many
     * @return distinct free TCP ports (e.g. for a peer and its DTLS port + 1, use {@link #tcpPair()})
     */
    public static int[] tcp(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            int p;
            do {
                p = tcp();
            } while (contains(ports, i, p));
            ports[i] = p;
        }
        return ports;
    }

    /** @return a TCP port P of 127.0.0.1 such that P and P + 1 are both free now (peers that use two adjacent ports) */
    public static int tcpPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = tcp();
            if (p < 65535 && isFreeTcp(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no two adjacent free TCP ports on 127.0.0.1 in 100 tries");
    }

    /**
     * @return a port P of 127.0.0.1 such that P and P + 1 are free now for both UDP and TCP: libcoap's
     *         {@code coap-server} binds CoAP over UDP and TCP on P, and DTLS and TLS on P + 1, and without one of
     *         them it keeps running with a socket missing
     */
    public static int udpAndTcpPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = udp();
            if (p < 65535 && isFreeUdp(p + 1) && isFreeTcp(p) && isFreeTcp(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no two adjacent ports free for UDP and TCP on 127.0.0.1 in 100 tries");
    }

    private static boolean isFreeUdp(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isFreeTcp(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }
}
