package org.mviot.edge.cloud.mqtt.internal.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;

/**
 * Turns one packet read from the broker into Paho's packet object. PUBLISH and CONNACK, the
 * packets whose properties Paho 1.2.5 decodes wrongly (see {@link PropertyBlock}), are read here;
 * every other packet goes to Paho's own decoder, with any {@link RuntimeException} it throws turned
 * into an {@link MqttException} (Paho's receiver thread catches only that and {@code IOException}:
 * anything else ended the thread and left the connection silent).
 *
 * <p>A PUBLISH is never refused once its topic and packet identifier could be read: a property that
 * cannot be read, or a packet over the Maximum Packet Size (only its head was kept), becomes an
 * {@link InboundMessage} with a {@link InboundMessage#problem() problem}, which is acknowledged
 * like any other message, so that the broker does not send it again at every reconnect.
 */
public final class InboundPackets {

    private static final int PUBLISH = 3;
    private static final int CONNACK = 2;

    private InboundPackets() {
    }

    /**
     * @param first       the fixed header's first byte
     * @param body        the packet after the fixed header: whole, or its head when {@code totalLength} is larger
     * @param totalLength the remaining length the fixed header announced
     * @param maxPacket   the Maximum Packet Size this client announced, for the problem's message
     * @return the packet
     * @throws MqttException if the packet cannot be read (a PUBLISH: not even its topic and packet identifier)
     */
    public static MqttWireMessage decode(int first, byte[] body, int totalLength, long maxPacket) throws MqttException {
        int type = first >>> 4;
        boolean whole = body.length == totalLength;
        int packetBytes = 1 + varIntSize(totalLength) + totalLength;
        try {
            if (type == PUBLISH) {
                return publish(first, body, whole, packetBytes, maxPacket);
            }
            if (!whole) {
                throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_INCOMING_PACKET_TOO_LARGE);
            }
            if (type == CONNACK) {
                return connAck(body);
            }
            return MqttWireMessage.createWireMessage(withHeader(first, body));
        } catch (RuntimeException e) {
            // PacketBytes.Malformed, and whatever Paho's own decoder throws
            throw new MqttException(MqttException.REASON_CODE_MALFORMED_PACKET, e);
        }
    }

    private static MqttWireMessage publish(int first, byte[] body, boolean whole, int packetBytes, long maxPacket) {
        int qos = (first >>> 1) & 0x03;
        if (qos == 3) {
            throw new PacketBytes.Malformed("PUBLISH with QoS 3");
        }
        PacketBytes in = new PacketBytes(ByteBuffer.wrap(body));
        String topic = in.utf8("PUBLISH topic name");
        int packetId = qos > 0 ? in.u16("PUBLISH packet identifier") : 0;
        if (qos > 0 && packetId == 0) {
            throw new PacketBytes.Malformed("PUBLISH packet identifier 0");
        }
        String problem = whole ? null : "the packet is " + packetBytes + " bytes, over the Maximum Packet Size of " + maxPacket
                + " bytes this client announced (max.packet.bytes): its payload was not read";
        org.eclipse.paho.mqttv5.common.packet.MqttProperties properties;
        byte[] payload = new byte[0];
        try {
            PropertyBlock p = PropertyBlock.read(in, PropertyBlock.PUBLISH, "PUBLISH");
            properties = p.properties();
            if (problem == null) {
                problem = p.problem();
                payload = in.rest();
            }
        } catch (PacketBytes.Malformed e) {
            // the block's length does not fit: the head of a packet too large, or a broken packet
            properties = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
            problem = problem != null ? problem : e.getMessage();
        }
        return new InboundPublish(topic, qos, (first & 0x01) != 0, (first & 0x08) != 0, packetId, properties, payload, problem,
                packetBytes);
    }

    private static MqttWireMessage connAck(byte[] body) throws MqttException {
        PacketBytes in = new PacketBytes(ByteBuffer.wrap(body));
        boolean sessionPresent = (in.u8("CONNACK flags") & 0x01) != 0;
        int reason = in.u8("CONNACK reason code");
        PropertyBlock p = PropertyBlock.read(in, PropertyBlock.CONNACK, "CONNACK");
        if (p.problem() != null) {
            throw new PacketBytes.Malformed(p.problem());
        }
        return new MqttConnAck(sessionPresent, reason, p.properties());
    }

    private static byte[] withHeader(int first, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(first);
        int n = body.length;
        do {
            int digit = n % 128;
            n /= 128;
            out.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static int varIntSize(int n) {
        return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
    }
}
