package org.mviot.edge.cloud.mqtt.internal.uplink;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec;

/**
 * The uplink's {@link Transport} on the Paho MQTT v5 client: a QoS 1 message with the Ditto content
 * type, message expiry and correlation data; Paho's action listener told as an {@link Transport.Outcome}.
 * The only uplink class that knows Paho.
 */
public final class PahoTransport implements Transport {

    /** The MQTT link's publish (the link itself, once it exists). */
    public interface Client {
        /**
         * @param topic    topic
         * @param message  message
         * @param context  passed back
         * @param callback told of the PUBACK or failure
         * @return false if not connected
         */
        boolean publish(String topic, MqttMessage message, Object context, MqttActionListener callback);
    }

    private final Client client;

    /**
     * @param client the MQTT link's publish
     */
    public PahoTransport(Client client) {
        this.client = client;
    }

    @Override
    public boolean publish(String topic, byte[] payload, long expirySeconds, byte[] correlation, Outcome outcome) {
        MqttMessage m = new MqttMessage(payload, 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setContentType(DittoCodec.CONTENT_TYPE);
        if (expirySeconds > 0) {
            p.setMessageExpiryInterval(expirySeconds);
        }
        if (correlation != null && correlation.length > 0) {
            p.setCorrelationData(correlation);
        }
        m.setProperties(p);
        return client.publish(topic, m, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                outcome.acknowledged(codes != null && codes.length > 0 ? codes[0] : 0);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                outcome.failed(e);
            }
        });
    }
}
