package org.mviot.edge.cloud.mqtt.internal.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.client.internal.MqttState;
import org.eclipse.paho.mqttv5.client.wire.MqttInputStream;

/** Builds MQTT v5 packets byte by byte, as a broker sends them, and a reader for them. */
final class WirePackets {

    private WirePackets() {
    }

    /** The bytes of an MQTT v5 property block, built property by property. */
    static final class Properties {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Properties binary(int id, byte[] data) {
            out.write(id);
            twoBytes(out, data.length);
            out.writeBytes(data);
            return this;
        }

        Properties utf8(int id, String s) {
            return binary(id, s.getBytes(StandardCharsets.UTF_8));
        }

        Properties userProperty(String key, String value) {
            out.write(0x26);
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            twoBytes(out, k.length);
            out.writeBytes(k);
            twoBytes(out, v.length);
            out.writeBytes(v);
            return this;
        }

        Properties u16(int id, int value) {
            out.write(id);
            twoBytes(out, value);
            return this;
        }

        Properties raw(byte... bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] block() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            varInt(b, out.size());
            b.writeBytes(out.toByteArray());
            return b.toByteArray();
        }
    }

    static Properties properties() {
        return new Properties();
    }

    /** A QoS 1 PUBLISH. */
    static byte[] publish(String topic, int packetId, Properties props, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        twoBytes(body, t.length);
        body.writeBytes(t);
        twoBytes(body, packetId);
        body.writeBytes(props.block());
        body.writeBytes(payload);
        return packet(0x32, body.toByteArray());
    }

    /** A CONNACK accepting the connection. */
    static byte[] connAck(Properties props) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(0);
        body.writeBytes(props.block());
        return packet(0x20, body.toByteArray());
    }

    static byte[] packet(int first, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(first);
        varInt(p, body.length);
        p.writeBytes(body);
        return p.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        for (byte[] b : parts) {
            p.writeBytes(b);
        }
        return p.toByteArray();
    }

    /**
     * @param bytes          what the broker sent
     * @param maxPacketBytes the Maximum Packet Size the client announced, or {@code null}
     * @return the reader Paho's receiver uses (in this bundle: ours, which replaces Paho's)
     */
    static MqttInputStream reader(byte[] bytes, Long maxPacketBytes) {
        MqttState state = (MqttState) Proxy.newProxyInstance(MqttState.class.getClassLoader(), new Class<?>[] {MqttState.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getIncomingMaximumPacketSize" -> maxPacketBytes;
                    case "hashCode" -> 0;
                    case "equals" -> false;
                    case "toString" -> "test state";
                    default -> method.getReturnType() == boolean.class ? false : method.getReturnType() == int.class ? 0 : null;
                });
        return new MqttInputStream(state, new ByteArrayInputStream(bytes), "test");
    }

    private static void twoBytes(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v & 0xFF);
    }

    private static void varInt(ByteArrayOutputStream out, int n) {
        do {
            int digit = n % 128;
            n /= 128;
            out.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
    }
}
