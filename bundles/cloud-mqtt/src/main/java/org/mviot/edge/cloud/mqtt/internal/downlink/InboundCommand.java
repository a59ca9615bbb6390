package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.mviot.edge.cloud.mqtt.internal.wire.InboundMessage;

/**
 * A message from the command topics, as the MQTT layer delivered it, before anything of it is trusted.
 *
 * @param packetId        the PUBLISH packet identifier (0 for QoS 0)
 * @param duplicate       the PUBLISH's DUP flag: the broker sends it again
 * @param payload         the payload (empty when the packet was too large to read)
 * @param responseTopic   the MQTT v5 response topic, or {@code null}
 * @param correlationData the MQTT v5 correlation data, or {@code null}
 * @param userProperties  the MQTT v5 user properties, in order
 * @param problem         why the packet could not be read whole, or {@code null}
 */
public record InboundCommand(int packetId, boolean duplicate, byte[] payload, String responseTopic, byte[] correlationData,
                             List<Map.Entry<String, String>> userProperties, String problem) {

    /**
     * @param m a message from Paho's callback
     * @return the command
     */
    public static InboundCommand of(MqttMessage m) {
        MqttProperties p = m.getProperties();
        List<Map.Entry<String, String>> user = new ArrayList<>();
        if (p != null && p.getUserProperties() != null) {
            for (UserProperty u : p.getUserProperties()) {
                user.add(Map.entry(String.valueOf(u.getKey()), String.valueOf(u.getValue())));
            }
        }
        String problem = m instanceof InboundMessage im ? im.problem() : null;
        return new InboundCommand(m.getId(), m.isDuplicate(), m.getPayload() == null ? new byte[0] : m.getPayload(),
                p == null ? null : p.getResponseTopic(), p == null ? null : p.getCorrelationData(), List.copyOf(user), problem);
    }
}
