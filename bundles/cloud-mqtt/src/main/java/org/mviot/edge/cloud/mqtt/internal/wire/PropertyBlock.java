package org.mviot.edge.cloud.mqtt.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * Reads an MQTT v5 property block (specification 2.2.2) into Paho's {@link MqttProperties}.
 *
 * <p>Written here because Paho 1.2.5's {@code MqttProperties.decodeProperties} reads the two-byte
 * lengths of binary data (correlation data, authentication data) and the two-byte integers
 * (receive maximum, topic alias maximum, topic alias) as <em>signed</em>: correlation data of
 * 32,768 bytes or more throws {@code NegativeArraySizeException} in Paho's receiver thread, and a
 * broker's receive maximum of 65,535 becomes -1. Here every length is unsigned and checked
 * against the block ({@link PacketBytes}).
 *
 * <p>The block's own length is read first, so a property this reader refuses (unknown, not allowed
 * in the packet, repeated, malformed) leaves the reader at the end of the block: the rest of the
 * packet (a PUBLISH's payload) can still be read. {@link #problem()} says what was refused.
 */
final class PropertyBlock {

    /** Properties a PUBLISH may carry (specification 3.3.2.3). */
    static final Set<Integer> PUBLISH = Set.of(0x01, 0x02, 0x03, 0x08, 0x09, 0x0B, 0x23, 0x26);
    /** Properties a CONNACK may carry (specification 3.2.2.3). */
    static final Set<Integer> CONNACK = Set.of(0x11, 0x12, 0x13, 0x15, 0x16, 0x1A, 0x1C, 0x1F, 0x21, 0x22, 0x24, 0x25, 0x26, 0x27,
            0x28, 0x29, 0x2A);
    /** Properties that may appear more than once. */
    private static final Set<Integer> REPEATABLE = Set.of(0x0B, 0x26);

    private final MqttProperties properties = new MqttProperties();
    private final List<UserProperty> userProperties = new ArrayList<>();
    private final List<Integer> subscriptionIds = new ArrayList<>();
    private String problem;

    private PropertyBlock() {
    }

    /**
     * Reads a property block: its variable byte integer length, then the properties.
     *
     * @param bytes   positioned at the block's length; left after the block
     * @param allowed the properties the packet may carry
     * @param packet  the packet's name, for messages
     * @return what was read
     * @throws PacketBytes.Malformed if the block's length does not fit in the packet
     */
    static PropertyBlock read(PacketBytes bytes, Set<Integer> allowed, String packet) {
        int length = bytes.varInt(packet + " property length");
        PacketBytes block = new PacketBytes(bytes.slice(length, packet + " properties"));
        PropertyBlock b = new PropertyBlock();
        try {
            b.readAll(block, allowed, packet);
        } catch (PacketBytes.Malformed | IllegalArgumentException e) {
            // Paho's setters refuse some values (a response topic with wildcards) with IllegalArgumentException
            b.problem = e.getMessage();
        }
        if (!b.userProperties.isEmpty()) {
            b.properties.setUserProperties(b.userProperties);
        }
        if (!b.subscriptionIds.isEmpty()) {
            b.properties.setSubscriptionIdentifiers(b.subscriptionIds);
        }
        return b;
    }

    /** @return the properties read (all of them up to a refused one) */
    MqttProperties properties() {
        return properties;
    }

    /** @return why a property was refused (the block's rest was skipped), or {@code null} */
    String problem() {
        return problem;
    }

    private void readAll(PacketBytes in, Set<Integer> allowed, String packet) {
        Set<Integer> seen = new java.util.HashSet<>();
        while (in.remaining() > 0) {
            int id = in.varInt(packet + " property identifier");
            String name = String.format("%s property 0x%02X", packet, id);
            if (!allowed.contains(id)) {
                throw new PacketBytes.Malformed(name + " is unknown or not allowed in " + packet);
            }
            if (!seen.add(id) && !REPEATABLE.contains(id)) {
                throw new PacketBytes.Malformed(name + " appears more than once");
            }
            switch (id) {
                case 0x01 -> properties.setPayloadFormat(in.u8(name) != 0);
                case 0x02 -> properties.setMessageExpiryInterval(in.u32(name));
                case 0x03 -> properties.setContentType(in.utf8(name + " (content type)"));
                case 0x08 -> properties.setResponseTopic(in.utf8(name + " (response topic)"));
                case 0x09 -> properties.setCorrelationData(in.binary(name + " (correlation data)"));
                case 0x0B -> subscriptionIds.add(in.varInt(name));
                case 0x11 -> properties.setSessionExpiryInterval(in.u32(name));
                case 0x12 -> properties.setAssignedClientIdentifier(in.utf8(name));
                case 0x13 -> properties.setServerKeepAlive(in.u16(name));
                case 0x15 -> properties.setAuthenticationMethod(in.utf8(name));
                case 0x16 -> properties.setAuthenticationData(in.binary(name));
                case 0x1A -> properties.setResponseInfo(in.utf8(name));
                case 0x1C -> properties.setServerReference(in.utf8(name));
                case 0x1F -> properties.setReasonString(in.utf8(name));
                case 0x21 -> properties.setReceiveMaximum(nonZero(in.u16(name), name));
                case 0x22 -> properties.setTopicAliasMaximum(in.u16(name));
                case 0x23 -> properties.setTopicAlias(nonZero(in.u16(name), name));
                case 0x24 -> properties.setMaximumQoS(in.u8(name));
                case 0x25 -> properties.setRetainAvailable(in.u8(name) != 0);
                case 0x26 -> userProperties.add(new UserProperty(in.utf8(name + " (user property name)"), in.utf8(name + " (user property value)")));
                case 0x27 -> properties.setMaximumPacketSize(in.u32(name));
                case 0x28 -> properties.setWildcardSubscriptionsAvailable(in.u8(name) != 0);
                case 0x29 -> properties.setSubscriptionIdentifiersAvailable(in.u8(name) != 0);
                case 0x2A -> properties.setSharedSubscriptionAvailable(in.u8(name) != 0);
                default -> throw new PacketBytes.Malformed(name + " is unknown");
            }
        }
    }

    private static int nonZero(int v, String name) {
        if (v == 0) {
            throw new PacketBytes.Malformed(name + " is 0, which the specification forbids");
        }
        return v;
    }
}
