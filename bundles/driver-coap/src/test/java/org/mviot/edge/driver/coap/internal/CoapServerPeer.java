package org.mviot.edge.driver.coap.internal;

import java.io.IOException;
import java.util.List;

import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;
import org.mviot.edge.testsupport.TestCertificates;

/**
 * Debian's libcoap example server ({@code coap-server-openssl}, libcoap 4.3.1) on 127.0.0.1: an
 * observable {@code /time} (Max-Age 1 s; {@code ?ticks} gives seconds since the epoch), a PUT-able
 * {@code /example_data}, and DTLS on port + 1 with a pre-shared key (and, when started with
 * certificates, X.509 with a client certificate demanded). Ended by its PID.
 */
final class CoapServerPeer implements AutoCloseable {

    static final String KEY = "mviot-test-psk";

    private final int port;
    private final List<String> pki;
    private PeerProcess process;

    private CoapServerPeer(int port, List<String> pki) {
        this.port = port;
        this.pki = pki;
    }

    /** @return a started server on a free UDP port whose next port is free too */
    static CoapServerPeer start() throws IOException {
        CoapServerPeer p = new CoapServerPeer(FreePorts.udpAndTcpPair(), List.of());
        p.restart();
        return p;
    }

    /**
     * @param ca     the CA whose certificates the server trusts from clients (it demands one)
     * @param server the server's certificate and key
     * @return a started server that also does DTLS with X.509 certificates on port + 1
     */
    static CoapServerPeer startWithCertificates(TestCertificates ca, TestCertificates.Issued server) throws IOException {
        CoapServerPeer p = new CoapServerPeer(FreePorts.udpAndTcpPair(), List.of("-c", server.certificate().toString(), "-j", server.key().toString(), "-C",
                ca.certificate().toString()));
        p.restart();
        return p;
    }

    /** Starts (again) on the same port. */
    void restart() throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("coap-server-openssl", "-A", "127.0.0.1", "-p", Integer.toString(port), "-k", KEY, "-v", "3"));
        cmd.addAll(pki);
        process = PeerProcess.start("coap-server " + port, cmd);
        process.awaitListening(port); // it serves CoAP over TCP on the same port: listening there means it is up
    }

    /** Ends it by its PID. */
    void stop() {
        process.close();
    }

    int port() {
        return port;
    }

    String uri() {
        return "coap://127.0.0.1:" + port;
    }

    String secureUri() {
        return "coaps://127.0.0.1:" + (port + 1);
    }

    @Override
    public void close() {
        process.close();
    }
}
