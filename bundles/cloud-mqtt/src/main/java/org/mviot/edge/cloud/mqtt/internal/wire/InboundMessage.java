package org.mviot.edge.cloud.mqtt.internal.wire;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A message as this bundle's decoder delivered it to Paho's callback: with the DUP flag of its
 * PUBLISH (Paho 1.2.5 drops it on the way to {@code messageArrived}) and, when the packet could not
 * be read whole, the reason. Such a message is still acknowledged like any other: the listener
 * answers or counts it, and the broker never sends it again.
 */
public final class InboundMessage extends MqttMessage {

    private final String problem;
    private final int packetBytes;

    InboundMessage(byte[] payload, int qos, boolean retained, MqttProperties properties, boolean duplicate, String problem,
                   int packetBytes) {
        super(payload, qos, retained, properties);
        setDuplicate(duplicate);
        this.problem = problem;
        this.packetBytes = packetBytes;
    }

    /**
     * @return why the packet could not be read whole (too large, a property refused), or {@code null};
     *         the properties read before the problem are kept, the payload is empty when it was not read
     */
    public String problem() {
        return problem;
    }

    /** @return the PUBLISH packet's size on the wire, header included */
    public int packetBytes() {
        return packetBytes;
    }
}
