package org.mviot.edge.cloud.mqtt.internal.link;

import org.mviot.edge.api.twin.ThingId;

/**
 * The topic scheme (see the bundle's README): everything of one gateway under
 * {@code <prefix>/<gateway id>/}.
 *
 * @param prefix    first level
 * @param gatewayId the gateway's id (MQTT client id)
 */
public record Topics(String prefix, String gatewayId) {

    /**
     * @param thing a twin
     * @return where its Ditto twin commands are published
     */
    public String twin(ThingId thing) {
        return base() + "/twin/" + thing;
    }

    /** @return retained gateway state: the birth message, replaced by the Last Will when the gateway goes away */
    public String state() {
        return base() + "/state";
    }

    /** @return the filter the gateway subscribes to for commands */
    public String commandFilter() {
        return base() + "/commands/#";
    }

    /** @return where responses go when a command names no MQTT v5 response topic */
    public String responses() {
        return base() + "/responses";
    }

    private String base() {
        return prefix + "/" + gatewayId;
    }
}
