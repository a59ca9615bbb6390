package org.mviot.edge.it.cloud;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The cloud side of a test: a Paho v5 client with a persistent session (so that the broker keeps
 * its messages across a broker restart) that records everything it receives, and can send commands.
 */
public final class MqttRecorder implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** One received message. */
    public record Received(String topic, String payload, byte[] correlationData) {
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new ArrayList<>();
    private final String[] filters;
    private final Login login;
    private volatile boolean closed;
    /** How many messages had arrived at each reconnect (for failure messages). */
    private final List<Integer> reconnects = new ArrayList<>();

    /** A user name and password to log in with (the local broker's {@code client} login). */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[" + user + ", password hidden]";
        }
    }

    public MqttRecorder(String uri, String clientId, String... filters) throws MqttException {
        this(uri, clientId, null, filters);
    }

    /**
     * @param login   how to log in, or {@code null} for none
     */
    public MqttRecorder(String uri, String clientId, Login login, String... filters) throws MqttException {
        this.login = login;
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                Thread t = new Thread(MqttRecorder.this::reconnect, "cloud-side-reconnect");
                t.setDaemon(true);
                t.start();
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                // reported through the awaited conditions
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                MqttProperties p = m.getProperties();
                synchronized (MqttRecorder.this) {
                    received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8),
                            p == null ? null : p.getCorrelationData()));
                    MqttRecorder.this.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
                // nothing
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
                // the session keeps the subscriptions
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
                // none
            }
        });
        this.filters = filters.clone();
        client.connect(options()).waitForCompletion(TIMEOUT.toMillis());
        for (String f : filters) {
            IMqttToken t = client.subscribe(f, 1);
            t.waitForCompletion(TIMEOUT.toMillis());
            if (t.getReasonCodes() != null && t.getReasonCodes().length > 0 && t.getReasonCodes()[0] >= 0x80) {
                throw new AssertionError("the broker refused the subscription to " + f + " (reason code " + t.getReasonCodes()[0] + ")");
            }
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (login != null) {
            o.setUserName(login.user());
            o.setPassword(login.password().getBytes(StandardCharsets.UTF_8));
        }
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setReceiveMaximum(1000);
        return o;
    }

    /** After a broker restart: the broker kept the session, so its queued messages follow the reconnect. */
    private void reconnect() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !closed) {
            try {
                client.connect(options()).waitForCompletion(5_000);
                for (String f : filters) {
                    client.subscribe(f, 1).waitForCompletion(5_000);
                }
                synchronized (this) {
                    reconnects.add(received.size());
                }
                return;
            } catch (MqttException e) {
                synchronized (this) {
                    try {
                        wait(200); // broker still down: try again shortly
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    void send(String topic, String payload, String responseTopic, byte[] correlationData) throws MqttException {
        send(topic, payload.getBytes(StandardCharsets.UTF_8), responseTopic, correlationData);
    }

    /** Sends a payload of any bytes (not necessarily UTF-8), QoS 1, and waits for the broker's PUBACK. */
    void send(String topic, byte[] payload, String responseTopic, byte[] correlationData) throws MqttException {
        MqttMessage m = new MqttMessage(payload, 1, false, null);
        MqttProperties p = new MqttProperties();
        if (responseTopic != null) {
            p.setResponseTopic(responseTopic);
        }
        if (correlationData != null) {
            p.setCorrelationData(correlationData);
        }
        m.setProperties(p);
        client.publish(topic, m).waitForCompletion(TIMEOUT.toMillis());
    }

    /**
     * Sends many payloads (QoS 1) without waiting for each PUBACK, then waits for all of them: a
     * burst as fast as the broker takes it.
     *
     * @param topic         topic
     * @param payloads      the payloads, in order
     * @param responseTopic MQTT v5 response topic of each
     * @param correlations  correlation data of each, same order
     */
    public void sendAll(String topic, List<byte[]> payloads, String responseTopic, List<byte[]> correlations) throws MqttException {
        java.util.ArrayDeque<IMqttToken> inFlight = new java.util.ArrayDeque<>();
        for (int i = 0; i < payloads.size(); i++) {
            MqttMessage m = new MqttMessage(payloads.get(i), 1, false, null);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic(responseTopic);
            p.setCorrelationData(correlations.get(i));
            m.setProperties(p);
            for (int attempt = 0;; attempt++) {
                try {
                    inFlight.add(client.publish(topic, m));
                    break;
                } catch (MqttException e) {
                    // the broker's receive maximum is reached (HiveMQ: 10): wait for the oldest PUBACK, then go on.
                    // Paho frees the slot a moment after the token completes: with nothing left to wait for, a
                    // bounded number of short pauses
                    if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt >= 5_000) {
                        throw e;
                    }
                    if (!inFlight.isEmpty()) {
                        inFlight.poll().waitForCompletion(TIMEOUT.toMillis());
                    } else {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                }
            }
        }
        for (IMqttToken t : inFlight) {
            t.waitForCompletion(TIMEOUT.toMillis());
        }
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until the messages received so far satisfy a condition. */
    public List<Received> await(String what, Predicate<List<Received>> condition) throws InterruptedException {
        return await(what, condition, r -> "");
    }

    /**
     * As {@link #await(String, Predicate)}, with more to say when it fails. The condition is tested
     * on a copy, outside the lock: a test over thousands of messages must not hold up the client's
     * receiving thread (which acknowledges each message only after storing it), or the broker
     * queues, and past its per-client limit discards, what it cannot deliver.
     *
     * @param what      what is awaited
     * @param condition the condition on everything received so far
     * @param detail    what to add to the failure message, from what was received
     * @return everything received when the condition held
     * @throws InterruptedException if interrupted
     */
    public List<Received> await(String what, Predicate<List<Received>> condition,
                                java.util.function.Function<List<Received>, String> detail) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<Received> now = received();
            if (condition.test(now)) {
                return now;
            }
            synchronized (this) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    List<Received> last = List.copyOf(received);
                    throw new AssertionError("within " + TIMEOUT + " no " + what + "; received " + last.size() + " messages, last: "
                            + (last.isEmpty() ? "none" : last.get(last.size() - 1)) + detail.apply(last));
                }
                if (received.size() == now.size()) {
                    wait(Math.min(left, 500));
                }
            }
        }
    }

    /** @return how many messages had arrived at each reconnect after a lost connection, in order */
    public synchronized List<Integer> reconnectedAt() {
        return List.copyOf(reconnects);
    }

    @Override
    public void close() throws MqttException {
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } finally {
            client.close(true);
        }
    }
}
