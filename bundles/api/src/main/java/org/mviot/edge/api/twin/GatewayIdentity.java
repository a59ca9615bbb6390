package org.mviot.edge.api.twin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who this gateway is, decided once by the core and registered as an OSGi service: its id and the
 * thing of its own twin. Every bundle that names the gateway (the cloud link's client id, topics,
 * birth and last-will messages) takes it from here instead of deriving it again from settings.
 */
@ProviderType
public interface GatewayIdentity {

    /** The gateway twin's feature that shows the link to the cloud; see {@link LinkStatus}. */
    String LINK_FEATURE = "link";

    /**
     * @return the gateway id ({@code [A-Za-z0-9][A-Za-z0-9._-]*}), as provisioned ({@code mviot-edge provision --id})
     */
    String gatewayId();

    /**
     * @return the thing of the gateway's own twin, {@code <thing namespace>:<gateway id>}
     */
    ThingId thing();

    /**
     * @return the namespace of the gateway's twin and of device twins whose descriptor names none
     */
    default String namespace() {
        return thing().namespace();
    }
}
