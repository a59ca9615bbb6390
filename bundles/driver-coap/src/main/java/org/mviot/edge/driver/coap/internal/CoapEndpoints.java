package org.mviot.edge.driver.coap.internal;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * The driver's CoAP endpoints, shared by all its devices: one UDP endpoint, and one DTLS endpoint
 * created when the first {@code coaps} device opens. Californium's threads are few and named
 * ({@code mviot-coap}, {@code mviot-coap-timer}; one UDP receiver and sender, one DTLS receiver and
 * handshake thread for pre-shared keys and one per distinct set of X.509 credentials), whatever the
 * number of devices. Californium's configuration is built in memory
 * ({@code createStandardWithoutFile}), so nothing writes {@code Californium3.properties} into the
 * gateway's working directory.
 */
final class CoapEndpoints implements AutoCloseable {

    /**
     * Largest body accepted, after block-wise transfer (RFC 7959) has put it together: larger
     * resources are refused by Californium instead of filling the gateway's memory.
     */
    static final int MAX_BODY = 64 * 1024;

    private final Configuration config;
    private final ScheduledExecutorService protocol;
    private final ScheduledExecutorService timers;
    private final CoapEndpoint plain;
    private final AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
    private final Notifications notifications = new Notifications();
    private CoapEndpoint secure;
    private final java.net.InetAddress bind;
    /** One DTLS endpoint per distinct set of X.509 credentials (trust anchors, the gateway's certificate and key). */
    private final Map<X509Credentials, CoapEndpoint> certified = new HashMap<>();

    /**
     * Starts the UDP endpoint on an ephemeral port.
     *
     * @param ackTimeout the first retransmission of a confirmable request, in milliseconds
     * @param bind       the local address of every client endpoint ({@code 0.0.0.0}: every interface)
     * @throws java.io.IOException when it cannot bind
     */
    CoapEndpoints(int ackTimeout, java.net.InetAddress bind) throws java.io.IOException {
        this.bind = bind;
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, MAX_BODY);
        config.set(CoapConfig.ACK_TIMEOUT, ackTimeout, TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_RETRANSMIT, 2);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 1024);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, ackTimeout, TimeUnit.MILLISECONDS);
        protocol = executor("mviot-coap");
        timers = executor("mviot-coap-timer");
        plain = new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(new InetSocketAddress(bind, 0)).build();
        plain.setExecutors(protocol, timers);
        plain.addNotificationListener(notifications);
        plain.start();
    }

    private static ScheduledThreadPoolExecutor executor(String name) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /**
     * @return the shared UDP endpoint
     */
    CoapEndpoint plain() {
        return plain;
    }

    /**
     * Records a DTLS peer's identity and key, and returns the DTLS endpoint (started on first use).
     *
     * @param peer     the device's address
     * @param identity its PSK identity
     * @param key      its key; copied by the store
     * @return the shared DTLS endpoint
     * @throws java.io.IOException when it cannot bind
     */
    synchronized CoapEndpoint secure(InetSocketAddress peer, String identity, byte[] key) throws java.io.IOException {
        psk.addKnownPeer(peer, identity, key);
        if (secure == null) {
            DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config).setAddress(new InetSocketAddress(bind, 0)).setAdvancedPskStore(psk).build();
            CoapEndpoint e = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
            e.setExecutors(protocol, timers);
            e.addNotificationListener(notifications);
            e.start();
            secure = e;
        }
        return secure;
    }

    /**
     * The DTLS endpoint of devices that authenticate with X.509 certificates: devices with the same
     * credentials share one, started on first use.
     *
     * @param credentials who the gateway trusts, and who it is
     * @return the DTLS endpoint
     * @throws java.io.IOException when it cannot bind
     */
    synchronized CoapEndpoint secure(X509Credentials credentials) throws java.io.IOException {
        CoapEndpoint e = certified.get(credentials);
        if (e == null) {
            DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(config).setAddress(new InetSocketAddress(bind, 0))
                    .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder().setTrustedCertificates(credentials.trust()).build());
            if (credentials.key() != null) {
                b.setCertificateIdentityProvider(new SingleCertificateProvider(credentials.key(), credentials.chain(), CertificateType.X_509));
            }
            e = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(b.build())).build();
            e.setExecutors(protocol, timers);
            e.addNotificationListener(notifications);
            e.start();
            certified.put(credentials, e);
        }
        return e;
    }

    /** @return Californium's configuration, built in memory */
    Configuration configuration() {
        return config;
    }

    /** @return the protocol thread shared by every endpoint and the push server */
    ScheduledExecutorService protocolExecutor() {
        return protocol;
    }

    /** @return the timer thread shared by every endpoint and the push server */
    ScheduledExecutorService timerExecutor() {
        return timers;
    }

    /**
     * @return the receivers of every endpoint's Observe notifications
     */
    Notifications notifications() {
        return notifications;
    }

    /** Stops the endpoints and their threads. */
    @Override
    public synchronized void close() {
        plain.destroy();
        if (secure != null) {
            secure.destroy();
        }
        certified.values().forEach(CoapEndpoint::destroy);
        protocol.shutdownNow();
        timers.shutdownNow();
    }
}
