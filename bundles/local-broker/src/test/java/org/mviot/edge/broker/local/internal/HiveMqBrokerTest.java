package org.mviot.edge.broker.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.testsupport.ComponentConfigs;
import org.mviot.edge.testsupport.FreePorts;

/**
 * The embedded HiveMQ on the plain class path this module builds with, which lacks what the bundle
 * leaves out (Xodus, Logback, OSHI, JNA, Bouncy Castle, Eclipse Collections, Jackson).
 */
class HiveMqBrokerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final BrokerCredentials CREDENTIALS = new BrokerCredentials("client", "client-secret-0123456789", "gateway",
            "gateway-secret-0123456789");

    @TempDir
    Path work;

    @Test
    void carriesMqtt5MessagesWithPropertiesBetweenClientsOnLoopback() throws Exception {
        BrokerSettings settings = new BrokerSettings("127.0.0.1", FreePorts.tcp());
        try (HiveMqBroker broker = HiveMqBroker.start(settings, access(LanPermissions.resolve(config(Map.of()), k -> null)), work, TIMEOUT)) {
            BlockingQueue<MqttMessage> received = new ArrayBlockingQueue<>(10);
            MqttClient subscriber = client(settings, "subscriber", CREDENTIALS.clientUser(), CREDENTIALS.clientPassword(), received);
            MqttClient publisher = client(settings, "publisher", CREDENTIALS.gatewayUser(), CREDENTIALS.gatewayPassword(),
                    new ArrayBlockingQueue<>(1));
            subscriber.subscribe("mviot/+/twin/#", 1);
            MqttMessage m = new MqttMessage("{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties());
            m.getProperties().setCorrelationData(new byte[] {7});
            m.getProperties().setResponseTopic("answers/here");
            publisher.publish("mviot/gw/twin/x:y", m);

            MqttMessage got = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(got).as("message within %s", TIMEOUT).isNotNull();
            assertThat(new String(got.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":1}");
            assertThat(got.getProperties().getCorrelationData()).containsExactly(7);
            assertThat(got.getProperties().getResponseTopic()).isEqualTo("answers/here");
            publisher.disconnect();
            subscriber.disconnect();
            publisher.close();
            subscriber.close();
            assertThat(broker.stop(TIMEOUT)).as("stopped within %s", TIMEOUT).isTrue();
        }
        assertThat(work.resolve("conf/config.xml")).content().contains("<mode>in-memory</mode>", "<enabled>false</enabled>",
                "<bind-address>127.0.0.1</bind-address>");
    }

    @Test
    void refusesToStartOnAnAddressInUseNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            BrokerSettings settings = new BrokerSettings("127.0.0.1", taken.getLocalPort());

            assertThatThrownBy(() -> HiveMqBroker.start(settings, access(new LanPermissions(List.of(), List.of())), work, TIMEOUT)).isInstanceOf(HiveMqBroker.StartFailure.class)
                    .hasMessageStartingWith("127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
    }

    static MqttClient client(BrokerSettings s, String id, String user, String password, BlockingQueue<MqttMessage> sink)
            throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + s.port(), id, new MemoryPersistence());
        c.setCallback(new TestCallback(sink::add, r -> { })); // the test ends the connection
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout((int) TIMEOUT.toSeconds());
        if (user != null) {
            o.setUserName(user);
        }
        if (password != null) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        return c;
    }

    static AccessControl access(LanPermissions lan) {
        return new AccessControl(CREDENTIALS, lan, new ReservedClientIds("gw-1"), new RefusedConnections(System::nanoTime));
    }

    static BrokerConfig config(Map<String, Object> values) {
        return ComponentConfigs.of(BrokerConfig.class, values);
    }
}
