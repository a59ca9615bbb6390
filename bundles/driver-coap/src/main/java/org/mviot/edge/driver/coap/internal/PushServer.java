package org.mviot.edge.driver.coap.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.mviot.edge.api.driver.DriverSettings;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.driver.coap.internal.payload.MalformedPayloadException;
import org.mviot.edge.driver.coap.internal.payload.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own CoAP server for devices that push (off by default): a device POSTs a SenML JSON
 * pack to {@code /d/<device id>}; the records fill the device's push channels by name. An unknown
 * device gets 4.04, a payload that is not SenML or names none of the device's channels 4.00, a taken
 * pack 2.04. Bound to 127.0.0.1 unless configured otherwise. Runs on the driver's shared threads.
 *
 * <p>With a secure port, it also takes packs over DTLS 1.2 with pre-shared keys: a device whose
 * descriptor names {@code psk.identity} and {@code psk.key} is taken only over DTLS and only from a
 * session authenticated with that identity (4.01 otherwise), so one device cannot push for another.
 */
final class PushServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushServer.class);

    /** What receives the packs of one device. */
    interface Target {
        /**
         * @param payload a pack the device pushed
         * @return the readings it gave, already handed to the core
         * @throws MalformedPayloadException when it is not SenML
         */
        List<Reading> pushed(Payload payload) throws MalformedPayloadException;
    }

    /** A device taking pushes, and the PSK identity its pushes must come with ({@code null}: any, plain CoAP too). */
    private record Registered(Target target, String identity) {
    }

    private final Map<String, Registered> targets = new ConcurrentHashMap<>();
    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final CoapEndpoint secureEndpoint;
    private final AdvancedMultiPskStore keys = new AdvancedMultiPskStore();

    /**
     * @param shared    the driver's configuration and threads
     * @param address   where plain CoAP is taken
     * @param secureAt  where DTLS is taken, {@code null} for nowhere
     */
    PushServer(CoapEndpoints shared, InetSocketAddress address, InetSocketAddress secureAt) {
        endpoint = new CoapEndpoint.Builder().setConfiguration(shared.configuration()).setInetSocketAddress(address).build();
        server = new CoapServer(shared.configuration());
        server.setExecutors(shared.protocolExecutor(), shared.timerExecutor(), true);
        server.addEndpoint(endpoint);
        if (secureAt != null) {
            Configuration serverSide = new Configuration(shared.configuration());
            serverSide.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
            DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(serverSide).setAddress(secureAt).setAdvancedPskStore(keys).build();
            secureEndpoint = new CoapEndpoint.Builder().setConfiguration(serverSide).setConnector(new DTLSConnector(dtls)).build();
            server.addEndpoint(secureEndpoint);
        } else {
            secureEndpoint = null;
        }
        server.add(new Devices());
        server.start();
        LOG.info("CoAP push server listening on {}{}", endpoint.getAddress(), secureEndpoint == null ? "" : " and, over DTLS, on " + secureEndpoint.getAddress());
    }

    /** @return where it listens (the port chosen when 0 was configured) */
    InetSocketAddress address() {
        return endpoint.getAddress();
    }

    /** @return where it listens over DTLS, {@code null} when it does not */
    InetSocketAddress secureAddress() {
        return secureEndpoint == null ? null : secureEndpoint.getAddress();
    }

    /** @return whether it takes pushes over DTLS */
    boolean secure() {
        return secureEndpoint != null;
    }

    void put(String device, Target target) {
        targets.put(device, new Registered(target, null));
    }

    /**
     * @param device   the device id
     * @param target   where its packs go
     * @param identity the PSK identity it must push with
     * @param key      its key (copied by the store)
     */
    void putSecure(String device, Target target, String identity, byte[] key) {
        keys.setKey(identity, key);
        targets.put(device, new Registered(target, identity));
    }

    void remove(String device, Target target) {
        targets.computeIfPresent(device, (k, r) -> r.target() == target ? null : r);
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** {@code /d}: its children are the devices, created for any name so an unknown one gets our 4.04 with a reason. */
    private final class Devices extends CoapResource {
        Devices() {
            super("d");
        }

        @Override
        public Resource getChild(String name) {
            return new DeviceResource(name);
        }
    }

    private final class DeviceResource extends CoapResource {
        DeviceResource(String name) {
            super(name);
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            Registered device = targets.get(getName());
            if (device == null) {
                exchange.respond(ResponseCode.NOT_FOUND, "no device " + DriverSettings.quote(getName()) + " pushes here");
                return;
            }
            if (device.identity() != null && !(exchange.advanced().getRequest().getSourceContext().getPeerIdentity() instanceof PreSharedKeyIdentity id
                    && id.getIdentity().equals(device.identity()))) {
                exchange.respond(ResponseCode.UNAUTHORIZED, "device " + DriverSettings.quote(getName()) + " pushes only over DTLS with its own key");
                return;
            }
            try {
                List<Reading> readings = device.target().pushed(new Payload(exchange.getRequestPayload(), System.currentTimeMillis()));
                if (readings.stream().allMatch(r -> r.value() == null)) {
                    exchange.respond(ResponseCode.BAD_REQUEST, "no record gave a value to a channel of device " + DriverSettings.quote(getName()));
                    return;
                }
                exchange.respond(ResponseCode.CHANGED);
            } catch (MalformedPayloadException e) {
                exchange.respond(ResponseCode.BAD_REQUEST, e.getMessage());
            }
        }
    }
}
