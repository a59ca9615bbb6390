package org.mviot.edge.broker.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.broker.local.internal.HiveMqBrokerTest.CREDENTIALS;
import static org.mviot.edge.broker.local.internal.HiveMqBrokerTest.TIMEOUT;
import static org.mviot.edge.broker.local.internal.HiveMqBrokerTest.access;
import static org.mviot.edge.broker.local.internal.HiveMqBrokerTest.client;
import static org.mviot.edge.broker.local.internal.HiveMqBrokerTest.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.testsupport.FreePorts;

/**
 * The embedded HiveMQ with its {@link AccessControl}, Paho v5 clients as the peers: who gets in, what
 * the {@code client} login may read and write, and the gateway's reserved client id. One broker with
 * the default permissions serves the tests (a broker start and stop costs seconds).
 */
class AccessControlTest {

    /** MQTT v5 reason codes. */
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BAD_LOGIN = 0x86;
    private static final int CLIENT_ID_NOT_VALID = 0x85;

    @TempDir
    static Path work;

    private static BrokerSettings settings;
    private static HiveMqBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        settings = new BrokerSettings("127.0.0.1", FreePorts.tcp());
        broker = HiveMqBroker.start(settings, access(LanPermissions.resolve(config(Map.of()), k -> null)), work, TIMEOUT);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anAnonymousClientIsRefusedAsNotAuthorized() {
        assertThatThrownBy(() -> client(settings, "anonymous", null, null, new ArrayBlockingQueue<>(1)))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void aWrongPasswordOrAnotherLoginsPasswordIsRefused() {
        assertThatThrownBy(() -> client(settings, "guess", "client", "guess", new ArrayBlockingQueue<>(1)))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(BAD_LOGIN));
        assertThatThrownBy(() -> client(settings, "swapped", "client", CREDENTIALS.gatewayPassword(), new ArrayBlockingQueue<>(1)))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(BAD_LOGIN));
    }

    @Test
    void theClientLoginReadsTwinUpdatesButItsCommandIsRefusedAndNeverDelivered() throws Exception {
        BlockingQueue<MqttMessage> atLan = new ArrayBlockingQueue<>(10);
        BlockingQueue<MqttMessage> atGateway = new ArrayBlockingQueue<>(10);
        MqttClient lan = client(settings, "lan-reader", CREDENTIALS.clientUser(), CREDENTIALS.clientPassword(), atLan);
        MqttClient gateway = client(settings, "gw-link", CREDENTIALS.gatewayUser(), CREDENTIALS.gatewayPassword(), atGateway);
        try {
            assertThat(lan.subscribe("mviot/gw-1/twin/#", 1).getGrantedQos()).containsExactly(1);
            gateway.subscribe("mviot/gw-1/commands/#", 1);

            gateway.publish("mviot/gw-1/twin/org.mviot.demo:boiler", message("{\"twin\":1}"));
            MqttMessage twin = atLan.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(twin).as("twin update at the client within %s", TIMEOUT).isNotNull();
            assertThat(new String(twin.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"twin\":1}");

            assertThat(refusalReasonCode("lan-commander", "mviot/gw-1/commands", "{\"forged\":1}")).isEqualTo(NOT_AUTHORIZED);
            // the broker decided before it answered; a command the gateway sends itself arrives, the refused one never did
            gateway.publish("mviot/gw-1/commands", message("{\"own\":1}"));
            MqttMessage first = atGateway.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(first).isNotNull();
            assertThat(new String(first.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"own\":1}");
            assertThat(atGateway).isEmpty();
        } finally {
            close(lan);
            close(gateway);
        }
    }

    @Test
    void theClientLoginMayNotSubscribeToCommandsOrToEverything() throws Exception {
        MqttClient lan = client(settings, "lan-snoop", CREDENTIALS.clientUser(), CREDENTIALS.clientPassword(), new ArrayBlockingQueue<>(1));
        try {
            for (String filter : List.of("mviot/gw-1/commands/#", "mviot/#", "#", "mviot/+/responses")) {
                IMqttToken t = lan.subscribe(new String[] {filter}, new int[] {1});
                assertThat(t.getReasonCodes()).as("SUBACK for %s", filter).containsExactly(NOT_AUTHORIZED);
            }
        } finally {
            close(lan);
        }
    }

    @Test
    void aClientWithTheGatewaysClientIdIsRefusedAndTheGatewayKeepsItsSession() throws Exception {
        BlockingQueue<MqttMessage> atGateway = new ArrayBlockingQueue<>(10);
        // "gw-1" is the provisioned id; "gw-renamed" one the gateway's login connected with
        MqttClient provisioned = client(settings, "gw-1", CREDENTIALS.gatewayUser(), CREDENTIALS.gatewayPassword(), atGateway);
        MqttClient renamed = client(settings, "gw-renamed", CREDENTIALS.gatewayUser(), CREDENTIALS.gatewayPassword(), new ArrayBlockingQueue<>(1));
        try {
            provisioned.subscribe("mviot/gw-1/commands/#", 1);
            for (String id : List.of("gw-1", "gw-renamed")) {
                assertThatThrownBy(() -> client(settings, id, CREDENTIALS.clientUser(), CREDENTIALS.clientPassword(), new ArrayBlockingQueue<>(1)))
                        .as("client login with client id %s", id)
                        .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(CLIENT_ID_NOT_VALID));
            }

            // both gateway connections are still the broker's: they send and receive as before
            assertThat(provisioned.isConnected()).isTrue();
            assertThat(renamed.isConnected()).isTrue();
            renamed.publish("mviot/gw-1/commands", message("{\"still\":1}"));
            MqttMessage m = atGateway.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("a message through the kept session within %s", TIMEOUT).isNotNull();
            assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"still\":1}");
        } finally {
            close(provisioned);
            close(renamed);
        }
    }

    @Test
    void aLastWillOnATopicTheClientMayNotWriteIsRefused() {
        assertThatThrownBy(() -> {
            MqttClient c = new MqttClient("tcp://127.0.0.1:" + settings.port(), "lan-will", new MemoryPersistence());
            try {
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setUserName(CREDENTIALS.clientUser());
                o.setPassword(CREDENTIALS.clientPassword().getBytes(StandardCharsets.UTF_8));
                o.setWill("mviot/gw-1/commands", message("{\"will\":1}"));
                c.connect(o);
                c.disconnect();
            } finally {
                c.close();
            }
        }).isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    /** More than HiveMQ's default queue of 1,000 per client, far below {@link AccessControl#CLIENT_QUEUE}. */
    private static final int BACKLOG = 3_000;

    @Test
    void aLocalClientThatAcknowledgesLateStillGetsEveryTwinUpdateOfABurst() throws Exception {
        assertThat(everyMessageReachesALateReader(CREDENTIALS.clientUser(), CREDENTIALS.clientPassword(), "lan-late", "mviot/gw-1/twin/#",
                "mviot/gw-1/twin/x:y")).as("distinct messages at the local client").isEqualTo(BACKLOG);
    }

    @Test
    void theGatewayAcknowledgingLateStillGetsEveryCommandOfABurst() throws Exception {
        assertThat(everyMessageReachesALateReader(CREDENTIALS.gatewayUser(), CREDENTIALS.gatewayPassword(), "gw-late", "mviot/gw-1/commands/#",
                "mviot/gw-1/commands")).as("distinct commands at the gateway's connection").isEqualTo(BACKLOG);
    }

    /**
     * A reader with a receive maximum of 10 that acknowledges nothing until the gateway login has
     * published {@link #BACKLOG} messages (QoS 1): the broker must queue them all, then deliver them.
     *
     * @return how many distinct messages the reader got
     */
    private static int everyMessageReachesALateReader(String user, String password, String readerId, String filter, String topic)
            throws Exception {
        MqttAsyncClient reader = new MqttAsyncClient("tcp://127.0.0.1:" + settings.port(), readerId, new MemoryPersistence());
        java.util.Set<String> got = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean acking = new java.util.concurrent.atomic.AtomicBoolean();
        BlockingQueue<int[]> held = new java.util.concurrent.LinkedBlockingQueue<>();
        reader.setManualAcks(true);
        reader.setCallback(new TestCallback(m -> {
            got.add(new String(m.getPayload(), StandardCharsets.UTF_8));
            if (acking.get()) {
                reader.messageArrivedComplete(m.getId(), m.getQos());
            } else {
                held.add(new int[] {m.getId(), m.getQos()});
            }
        }, r -> { })); // a lost connection is seen as missing messages
        MqttClient gateway = null;
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
            o.setReceiveMaximum(10);
            reader.connect(o).waitForCompletion(TIMEOUT.toMillis());
            reader.subscribe(filter, 1).waitForCompletion(TIMEOUT.toMillis());
            gateway = client(settings, readerId + "-source", CREDENTIALS.gatewayUser(), CREDENTIALS.gatewayPassword(), new ArrayBlockingQueue<>(1));
            for (int i = 0; i < BACKLOG; i++) {
                publish(gateway, topic, message("{\"n\":" + i + "}"));
            }
            acking.set(true);
            for (int[] h = held.poll(); h != null; h = held.poll()) {
                reader.messageArrivedComplete(h[0], h[1]);
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (got.size() < BACKLOG && System.nanoTime() < deadline) {
                // the acknowledgements release the queue at the broker's pace: poll for the count
                TimeUnit.MILLISECONDS.sleep(50);
                for (int[] h = held.poll(); h != null; h = held.poll()) {
                    reader.messageArrivedComplete(h[0], h[1]);
                }
            }
            return got.size();
        } finally {
            if (gateway != null) {
                close(gateway);
            }
            if (reader.isConnected()) {
                reader.disconnect().waitForCompletion(TIMEOUT.toMillis());
            }
            reader.close();
        }
    }

    /**
     * Publishes at QoS 1 and waits for the PUBACK. Paho's blocking client counts a publish as in
     * flight a moment after its PUBACK returned; past the broker's receive maximum it then refuses
     * the next one (32202): tried again, a bounded number of times.
     */
    private static void publish(MqttClient c, String topic, MqttMessage m) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                c.publish(topic, m);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt >= 1_000) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
        }
    }

    /**
     * Publishes at QoS 1 from a second connection of the client login and returns how the broker
     * refused it. HiveMQ answers a refused MQTT 5 publish with a PUBACK carrying its reason code and
     * then disconnects the client with the same reason; Paho may fail the publish token with "client
     * is currently disconnecting" when the DISCONNECT overtakes the PUBACK's completion, so the
     * server's DISCONNECT (always sent) is what this reads, and a PUBACK that did complete must agree.
     *
     * @return the reason code of the broker's DISCONNECT: 0x87 not authorized
     */
    static int refusalReasonCode(String clientId, String topic, String payload) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + settings.port(), clientId, new MemoryPersistence());
        CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
        c.setCallback(new TestCallback(m -> { }, disconnected::complete));
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(CREDENTIALS.clientUser());
            o.setPassword(CREDENTIALS.clientPassword().getBytes(StandardCharsets.UTF_8));
            c.connect(o).waitForCompletion(TIMEOUT.toMillis());
            IMqttToken t = c.publish(topic, message(payload));
            MqttDisconnectResponse response = disconnected.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int[] pubackCodes = t.isComplete() && t.getException() == null ? t.getReasonCodes() : null;
            if (pubackCodes != null && pubackCodes.length > 0) {
                assertThat(pubackCodes[0]).as("PUBACK reason code of the refused publish").isEqualTo(response.getReturnCode());
            }
            return response.getReturnCode();
        } finally {
            c.close(true);
        }
    }

    static MqttMessage message(String payload) {
        return new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null);
    }

    static void close(MqttClient c) throws MqttException {
        if (c.isConnected()) {
            c.disconnect();
        }
        c.close();
    }
}
