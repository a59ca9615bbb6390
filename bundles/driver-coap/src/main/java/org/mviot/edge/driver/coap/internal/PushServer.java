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

    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final CoapServer server;
    private final CoapEndpoint endpoint;

    PushServer(CoapEndpoints shared, InetSocketAddress address) {
        endpoint = new CoapEndpoint.Builder().setConfiguration(shared.configuration()).setInetSocketAddress(address).build();
        server = new CoapServer(shared.configuration());
        server.setExecutors(shared.protocolExecutor(), shared.timerExecutor(), true);
        server.addEndpoint(endpoint);
        server.add(new Devices());
        server.start();
        LOG.info("CoAP push server listening on {}", endpoint.getAddress());
    }

    /** @return where it listens (the port chosen when 0 was configured) */
    InetSocketAddress address() {
        return endpoint.getAddress();
    }

    void put(String device, Target target) {
        targets.put(device, target);
    }

    void remove(String device, Target target) {
        targets.remove(device, target);
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
            Target t = targets.get(getName());
            if (t == null) {
                exchange.respond(ResponseCode.NOT_FOUND, "no device " + DriverSettings.quote(getName()) + " pushes here");
                return;
            }
            try {
                List<Reading> readings = t.pushed(new Payload(exchange.getRequestPayload(), System.currentTimeMillis()));
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
