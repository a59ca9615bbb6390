package org.mviot.edge.cloud.mqtt.internal.link;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.mviot.edge.cloud.mqtt.internal.input.LogQuote;
import org.mviot.edge.cloud.mqtt.internal.tls.ConnectFailure;
import org.mviot.edge.cloud.mqtt.internal.wire.PacketSizeLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT v5 connection to the cloud broker, kept up forever: connects at start, and after every
 * failure or drop waits a capped exponential delay with jitter and tries again, going through the
 * broker URIs in order. Every connection gets a fresh Paho client, so Paho never resends on its
 * own what the queue resends anyway; the broker keeps the session (subscriptions) for the session
 * expiry. The Last Will marks the gateway offline; on every connect the birth message marks it
 * online with every device's self-description.
 */
public final class MqttLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    /** What the link tells its user. */
    public interface Listener {
        /**
         * A connection is up and subscribed.
         *
         * @param receiveMaximum how many QoS 1 publishes the broker accepts unacknowledged
         */
        void connected(int receiveMaximum);

        /** The connection is gone. */
        void disconnected();

        /**
         * A command arrived. Must not throw.
         *
         * @param topic   topic
         * @param message message
         */
        void message(String topic, MqttMessage message);

        /**
         * The link's state changed, or another attempt failed. Must not throw.
         *
         * @param state   the state
         * @param broker  the connected broker's URI, or {@code null}
         * @param failure why the link is not connected, or {@code null}
         */
        default void stateChanged(LinkState state, String broker, String failure) {
        }
    }

    private final LinkSettings settings;
    private final ScheduledExecutorService timer;
    private final Listener listener;
    private final Function<String, byte[]> birth;
    private final byte[] will;
    private final Backoff backoff;
    private final SessionTakeovers takeovers;
    private volatile MqttAsyncClient client;
    private volatile LinkState state = LinkState.STOPPED;
    /** The reason of the last failed attempt (timer thread): a new reason gets its own log line. */
    private String lastFailure;
    private volatile String connectedUri;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicLong unhandled = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param settings settings
     * @param timer    runs connection attempts
     * @param listener told of connections and commands
     * @param birth    the birth message's payload, built at each connect for the broker connected to
     * @param will     the Last Will's payload
     * @param takeovers counts "session taken over" disconnects and says how long to wait after one
     */
    public MqttLink(LinkSettings settings, ScheduledExecutorService timer, Listener listener, Function<String, byte[]> birth, byte[] will,
            SessionTakeovers takeovers) {
        this.settings = settings;
        this.timer = timer;
        this.listener = listener;
        this.birth = birth;
        this.will = will.clone();
        this.takeovers = takeovers;
        this.backoff = new Backoff(settings.reconnectInitialMillis(), settings.reconnectMaxMillis(),
                n -> ThreadLocalRandom.current().nextLong(n));
    }

    /** Starts connecting, or says once that there is nothing to connect to. */
    public void start() {
        if (settings.brokerUris().isEmpty()) {
            setState(LinkState.IDLE, "no cloud broker is provisioned (mviot.broker.uri or broker.uris) and no local broker runs: "
                    + "the cloud link stays idle; twin updates wait in the queue");
            return;
        }
        timer.execute(this::attempt);
    }

    /** @return the link's state */
    public LinkState state() {
        return state;
    }

    /** @return messages whose handling threw (dropped, acknowledged) */
    public long unhandledMessages() {
        return unhandled.get();
    }

    /** @return the connected broker's URI, or {@code null} */
    public String connectedUri() {
        return state == LinkState.CONNECTED ? connectedUri : null;
    }

    private void attempt() {
        try {
            connect();
        } catch (RuntimeException | LinkageError e) {
            // a bug or a broken setting must not end the retries silently
            LOG.error("cloud link connection attempt failed unexpectedly", e);
            failed(describe(e));
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        setState(LinkState.CONNECTING, null);
        MqttAsyncClient c;
        try {
            // keep-alive pings on the link's timer, not on a "MQTT Ping" timer thread of Paho's own per client
            c = new MqttAsyncClient(settings.pahoUris()[0], settings.clientId(), new MemoryPersistence(), new TimerPingSender(timer), null);
        } catch (MqttException e) {
            failed("the MQTT client cannot be created: " + e.getMessage());
            return;
        }
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(settings.pahoUris());
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpirySeconds());
        o.setKeepAliveInterval(settings.keepaliveSeconds());
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        // a compliant broker drops a larger message for this client instead of sending it (MQTT v5 3.1.2.11.4);
        // one that arrives anyway is skipped as it is read (our MqttInputStream) and answered 413
        o.setMaximumPacketSize((long) settings.limits().maxPacketBytes());
        PacketSizeLimit.announce(settings.limits().maxPacketBytes());
        if (!settings.username().isEmpty()) {
            o.setUserName(settings.username());
        }
        try {
            byte[] password = BrokerPassword.of(settings);
            if (password.length > 0) {
                o.setPassword(password);
            }
        } catch (IOException e) {
            closeQuietly(c);
            failed(e.getMessage());
            return;
        }
        if (settings.localBrokerLogins() != null) {
            try {
                LocalBrokerLogin login = LocalBrokerLogin.read(settings.localBrokerLogins());
                o.setUserName(login.user());
                o.setPassword(login.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                closeQuietly(c);
                failed(e.getMessage());
                return;
            }
        }
        MqttMessage lastWill = new MqttMessage(will, 1, true, null);
        MqttProperties willProps = new MqttProperties();
        willProps.setContentType(org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec.CONTENT_TYPE);
        o.setWillMessageProperties(willProps);
        o.setWill(settings.topics().state(), lastWill);
        try {
            if (settings.tlsCa() != null || settings.tlsCertificate() != null) {
                o.setSocketFactory(Tls.socketFactory(settings.tlsCa(), settings.tlsCertificate(), settings.tlsKey()));
            }
        } catch (IOException e) {
            closeQuietly(c);
            failed(e.getMessage());
            return;
        }
        c.setCallback(new Callback(c));
        try {
            c.connect(o, null, new MqttActionListener() {
                // Paho's callback thread must not close its own client: hand over to the timer
                @Override
                public void onSuccess(IMqttToken token) {
                    handOver(() -> onConnected(c, token));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    handOver(() -> {
                        closeQuietly(c);
                        failed(ConnectFailure.explain(e, settings.tlsCertificate()));
                    });
                }
            });
        } catch (MqttException e) {
            closeQuietly(c);
            failed(ConnectFailure.explain(e, settings.tlsCertificate()));
        }
    }

    private void onConnected(MqttAsyncClient c, IMqttToken token) {
        if (stopped) {
            closeQuietly(c);
            return;
        }
        client = c;
        connectedUri = c.getCurrentServerURI();
        Integer rm = token.getResponseProperties() == null ? null : token.getResponseProperties().getReceiveMaximum();
        int receiveMaximum = rm == null || rm <= 0 ? 65_535 : rm;
        try {
            c.subscribe(settings.topics().commandFilter(), 1);
            MqttMessage b = new MqttMessage(birth.apply(connectedUri), 1, true, null);
            MqttProperties p = new MqttProperties();
            p.setContentType(org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec.CONTENT_TYPE);
            b.setProperties(p);
            c.publish(settings.topics().state(), b);
        } catch (MqttException e) {
            LOG.warn("cloud link to {}: subscribing to {} or sending the birth message failed: {}", connectedUri,
                    settings.topics().commandFilter(), describe(e));
        }
        backoff.reset();
        setState(LinkState.CONNECTED, "connected to " + connectedUri + " as " + settings.clientId() + " (receive maximum "
                + receiveMaximum + ")");
        listener.connected(receiveMaximum);
    }

    private void failed(String reason) {
        if (stopped) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        String message = "cannot connect to " + String.join(", ", settings.brokerUris()) + ": " + reason + "; retrying in " + delay + " ms";
        // one line when the link starts waiting and when the reason changes, not one per attempt (each attempt
        // passes through CONNECTING, so the state alone cannot tell): mviot-edge status shows the link meanwhile
        if (backoff.attempts() <= 1 || !reason.equals(lastFailure)) {
            setState(LinkState.WAITING, message);
        } else {
            setState(LinkState.WAITING, null);
            LOG.debug("cloud link: {} (attempt {})", message, backoff.attempts());
        }
        lastFailure = reason;
        notifyState(LinkState.WAITING, "cannot connect to " + String.join(", ", settings.brokerUris()) + ": " + reason);
        timer.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    private void lost(MqttAsyncClient c, String reason, SessionTakeovers.Loss loss) {
        if (client != c) {
            return;
        }
        client = null;
        closeQuietly(c);
        listener.disconnected();
        if (stopped) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        if (loss != SessionTakeovers.Loss.OTHER) {
            // (probably) another connection with our client id: counted, and past a few a minute we wait before taking it back
            delay = Math.max(delay, takeovers.takenOver(loss, connectedUri).toMillis());
            reason = reason + (loss == SessionTakeovers.Loss.TAKEN_OVER ? ": session taken over" : ": closed by the broker, session taken over?")
                    + " (client id " + settings.clientId() + ")";
        }
        setState(LinkState.WAITING, "connection to " + connectedUri + " lost: " + reason + "; reconnecting in " + delay + " ms");
        notifyState(LinkState.WAITING, "connection to " + connectedUri + " lost: " + reason);
        timer.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes on the current connection.
     *
     * @param topic    topic
     * @param message  message
     * @param context  handed back to the callback
     * @param callback told of the PUBACK or the failure
     * @return {@code false} when not connected or the client refused (the caller keeps the message)
     */
    public boolean publish(String topic, MqttMessage message, Object context, MqttActionListener callback) {
        MqttAsyncClient c = client;
        if (c == null) {
            return false;
        }
        try {
            c.publish(topic, message, context, callback);
            return true;
        } catch (MqttException e) {
            LOG.debug("publish to {} refused: {}", LogQuote.of(topic), describe(e));
            return false;
        }
    }

    private void setState(LinkState next, String message) {
        LinkState before = state;
        state = next;
        if (message != null && (before != next || next == LinkState.WAITING)) {
            LOG.info("cloud link {}: {}", next.name().toLowerCase(java.util.Locale.ROOT), message);
        }
        if (next != LinkState.WAITING) {
            // WAITING is told with its reason by failed() and lost()
            notifyState(next, null);
        }
    }

    private void notifyState(LinkState s, String failure) {
        try {
            // while trying, the broker(s) tried: status shows where the link is trying to go
            String broker = s == LinkState.CONNECTED ? connectedUri
                    : (s == LinkState.CONNECTING || s == LinkState.WAITING) && !settings.brokerUris().isEmpty()
                            ? String.join(", ", settings.brokerUris()) : null;
            listener.stateChanged(s, broker, failure);
        } catch (RuntimeException e) {
            LOG.error("cloud link state {} could not be reported", s, e);
        }
    }

    /**
     * Sends a last state message (the Last Will is not sent on a clean disconnect) and disconnects.
     *
     * @param goodbye payload of the retained state message saying the gateway is offline
     */
    public void stop(byte[] goodbye) {
        stopped = true;
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            try {
                c.publish(settings.topics().state(), new MqttMessage(goodbye, 1, true, null)).waitForCompletion(2_000);
                c.disconnect(2_000).waitForCompletion(3_000);
            } catch (MqttException e) {
                LOG.debug("clean disconnect failed: {}", describe(e));
            }
            closeQuietly(c);
        }
        setState(LinkState.STOPPED, "stopped");
    }

    @Override
    public void close() {
        stop(will);
    }

    /**
     * Runs a Paho callback's work on the timer. A callback that comes after the link stopped (a
     * connection attempt ending while the gateway stops) finds the timer shut down: there is nothing
     * left to do, and Paho's thread must not die of it (the log would show a stack trace).
     */
    private void handOver(Runnable work) {
        try {
            timer.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("cloud link: a connection event after the link stopped is ignored");
        }
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException | RuntimeException e) {
            // already gone
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            // already closed
        }
    }

    private static String describe(Throwable e) {
        return ConnectFailure.describe(e);
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String reason = response.getException() != null ? describe(response.getException())
                    : "broker disconnected (reason code " + response.getReturnCode() + ")";
            MqttException e = response.getException();
            SessionTakeovers.Loss loss = SessionTakeovers.classify(e == null ? response.getReturnCode() : -1,
                    e == null ? -1 : e.getReasonCode(), e == null ? null : e.getCause());
            handOver(() -> lost(owner, reason, loss));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("cloud link protocol error: {}", LogQuote.of(describe(exception), 300));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Paho acknowledges a message only when this returns; if it throws, Paho closes the connection
            // and the broker sends the message again at every reconnect: nothing may leave here
            try {
                listener.message(topic, message);
            } catch (Throwable e) { // NOPMD: see above
                unhandled.incrementAndGet();
                LOG.error("command on {} dropped: it could not be handled: {}", LogQuote.of(topic), LogQuote.of(e, 300));
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // acknowledgements reach the uplink through each publish's own listener
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // reported by the connect listener
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
