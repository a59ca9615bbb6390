package org.mviot.edge.broker.local.internal;

import java.util.function.Consumer;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho v5 callback for the tests' clients: messages and the server's disconnect to whom wants them, the rest ignored. */
final class TestCallback implements MqttCallback {

    /** What a test does with a message (Paho lets it throw: an acknowledgement may). */
    interface Arrival {
        void accept(MqttMessage message) throws MqttException;
    }

    private final Arrival arrived;
    private final Consumer<MqttDisconnectResponse> disconnected;

    /**
     * @param arrived      told every message that arrives
     * @param disconnected told when the connection ends (the server's DISCONNECT with its reason code, or a loss)
     */
    TestCallback(Arrival arrived, Consumer<MqttDisconnectResponse> disconnected) {
        this.arrived = arrived;
        this.disconnected = disconnected;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        disconnected.accept(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        // seen by the test as a missing message or answer
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws MqttException {
        arrived.accept(message);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // QoS 1 completes through the publish's token
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // nothing
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
