package org.mviot.edge.broker.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the local MQTT broker (PID {@code org.mviot.edge.broker.local}; in a
 * {@code .cfg} file the keys are {@code bind.address} and {@code port}). An empty port falls back to
 * the gateway setting {@code local.broker.port}, which the launcher hands over as the framework
 * property {@code mviot.local.broker.port}.
 */
@ObjectClassDefinition(name = "mviot-edge local MQTT broker",
        description = "An embedded MQTT 3.1.1 / 5 broker (HiveMQ CE, in-memory) for the cloud link and local clients.")
public @interface BrokerConfig {

    /** @return the address the broker listens on */
    @AttributeDefinition(description = "IP address the broker listens on. 127.0.0.1: this machine only. A LAN address or 0.0.0.0 lets "
            + "every device that reaches it connect, publish and subscribe, without a password.")
    String bind_address() default BrokerSettings.DEFAULT_BIND_ADDRESS;

    /** @return the TCP port, as text so that a malformed value can be reported with its key */
    @AttributeDefinition(description = "TCP port, 1-65535. Empty: the gateway setting local.broker.port (mviot.local.broker.port), else 1883.")
    String port() default "";
}
