package org.mviot.edge.broker.local.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MQTT client ids only the gateway's own login may use: the provisioned gateway id (its cloud
 * link's default client id) and every client id the gateway's login has connected with. A local
 * client connecting with one of them is refused, so it cannot take over the link's session (MQTT
 * lets the newer connection of a client id end the older one).
 */
final class ReservedClientIds {

    /** Framework property with the provisioned gateway id. */
    static final String GATEWAY_ID_PROPERTY = "mviot.gateway.id";
    /** Bounds the set: a gateway login that connects with ever new ids cannot grow it without end. */
    static final int MAX = 64;

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    /** @param provisioned the provisioned gateway id, or {@code null} */
    ReservedClientIds(String provisioned) {
        if (provisioned != null && !provisioned.isBlank()) {
            ids.add(provisioned.trim());
        }
    }

    /** @param clientId a client id the gateway's login connected with */
    void gatewayConnected(String clientId) {
        if (ids.size() < MAX) {
            ids.add(clientId);
        }
    }

    /**
     * @param clientId a client id
     * @return whether only the gateway's login may use it
     */
    boolean isReserved(String clientId) {
        return ids.contains(clientId);
    }
}
