package org.mviot.edge.broker.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the local MQTT broker (PID {@code org.mviot.edge.broker.local}; in a
 * {@code .cfg} file the keys are {@code bind.address}, {@code port}, {@code lan.read} and {@code lan.write}). An empty port falls back to
 * the gateway setting {@code local.broker.port}, which the launcher hands over as the framework
 * property {@code mviot.local.broker.port}.
 */
@ObjectClassDefinition(name = "mviot-edge local MQTT broker",
        description = "An embedded MQTT 3.1.1 / 5 broker (HiveMQ CE, in-memory) for the cloud link and local clients.")
public @interface BrokerConfig {

    /** @return the address the broker listens on */
    @AttributeDefinition(description = "IP address the broker listens on. 127.0.0.1: this machine only. A LAN address or 0.0.0.0 lets "
            + "every device that reaches it try to log in (user 'client', password from 'mviot-edge broker-credentials').")
    String bind_address() default BrokerSettings.DEFAULT_BIND_ADDRESS;

    /** @return the TCP port, as text so that a malformed value can be reported with its key */
    @AttributeDefinition(description = "TCP port, 1-65535. Empty: the gateway setting local.broker.port (mviot.local.broker.port), else 1883.")
    String port() default "";

    /** @return topic filters local clients may subscribe to */
    @AttributeDefinition(description = "Topic filters, comma-separated, that local clients (user 'client') may subscribe to; a subscription "
            + "must lie within one. Empty: the twin updates and the online state, <prefix>/+/twin/#,<prefix>/+/state.")
    String lan_read() default "";

    /** @return topic filters local clients may publish to */
    @AttributeDefinition(description = "Topic filters, comma-separated, that local clients (user 'client') may publish to. Empty: none. "
            + "Commands must be granted: <prefix>/+/commands/# (and <prefix>/+/responses/# in lan.read for the answers).")
    String lan_write() default "";
}
