package org.mviot.edge.cloud.mqtt.internal.wire;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;

/** A PUBLISH read by {@link InboundPackets}: Paho's packet, handing its callback an {@link InboundMessage}. */
final class InboundPublish extends MqttPublish {

    private final boolean duplicate;
    private final String problem;
    private final int packetBytes;

    InboundPublish(String topic, int qos, boolean retained, boolean duplicate, int packetId, MqttProperties properties, byte[] payload,
                   String problem, int packetBytes) {
        super(topic, new MqttMessage(payload, qos, retained, properties), properties);
        this.duplicate = duplicate;
        this.problem = problem;
        this.packetBytes = packetBytes;
        setMessageId(packetId);
        setDuplicate(duplicate);
    }

    @Override
    public MqttMessage getMessage() {
        MqttMessage m = super.getMessage();
        return new InboundMessage(m.getPayload(), m.getQos(), m.isRetained(), m.getProperties(), duplicate, problem, packetBytes);
    }

    /** @return why the packet could not be read whole, or {@code null} */
    String problem() {
        return problem;
    }
}
