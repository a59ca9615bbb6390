package org.mviot.edge.cloud.mqtt.internal.link;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.mviot.edge.api.launch.FrameworkProperties;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOptions;

/**
 * The cloud link's settings after defaults were applied: Config Admin first, then the framework
 * properties the launcher passes, then built-in defaults. With no broker configured or provisioned,
 * the link connects to the local broker ({@code mviot.local.broker.uri}) when the profile runs one. Invalid values are rejected with the key,
 * the value and what was expected.
 *
 * @param brokerUris      broker URIs in failover order; the local broker when none is provisioned; empty when neither exists
 * @param clientId        MQTT client id = gateway id
 * @param username        user name, empty for none
 * @param password        password, empty for none
 * @param passwordFile    file holding the password (read at each connection attempt), or {@code null}
 * @param tlsCa           CA PEM file, or {@code null}
 * @param tlsCertificate  client certificate PEM file, or {@code null}
 * @param tlsKey          client key PEM file, or {@code null}
 * @param keepaliveSeconds keepalive
 * @param sessionExpirySeconds session expiry
 * @param topics          topic scheme
 * @param gatewayThing    the gateway's own twin ({@link GatewayIdentity#thing()})
 * @param reconnectInitialMillis first reconnect delay
 * @param reconnectMaxMillis     reconnect delay cap
 * @param queue           queue layout and bounds
 * @param fsyncIntervalMillis group commit interval
 * @param batchMaxChanges most changes merged into one publish
 * @param maxInflight     most unacknowledged publishes
 * @param telemetryExpirySeconds message expiry of telemetry, 0 for none
 * @param commandTimeoutMillis   command timeout
 * @param limits          what a command may carry, and the Maximum Packet Size
 * @param localBrokerLogins the local broker's logins file, whose {@code gateway.*} login the link uses;
 *                        {@code null} unless the link connects to the local broker
 */
public record LinkSettings(List<String> brokerUris, String clientId, String username, String password, Path passwordFile, Path tlsCa,
                           Path tlsCertificate, Path tlsKey, int keepaliveSeconds, long sessionExpirySeconds, Topics topics,
                           ThingId gatewayThing, long reconnectInitialMillis, long reconnectMaxMillis, QueueOptions queue,
                           long fsyncIntervalMillis, int batchMaxChanges, int maxInflight, long telemetryExpirySeconds,
                           long commandTimeoutMillis, InputLimits limits, Path localBrokerLogins) {

    private static final List<String> SCHEMES = List.of("tcp", "ssl", "ws", "wss", "mqtt", "mqtts");

    /**
     * Applies the defaults and checks everything.
     *
     * @param c         Config Admin values
     * @param framework framework property lookup ({@code BundleContext::getProperty}): the launcher's
     *                  broker settings ({@link FrameworkProperties})
     * @param identity  who the gateway is, as the core decided: its id (the default MQTT client id) and twin
     * @return the settings
     * @throws IllegalArgumentException naming the key and the expectation
     */
    public static LinkSettings resolve(LinkConfig c, Function<String, String> framework, GatewayIdentity identity) {
        // no cloud broker provisioned: the gateway's own local broker, when its profile runs one
        String uris = or(c.broker_uris(), framework.apply(FrameworkProperties.BROKER_URI), or(null, framework.apply(FrameworkProperties.LOCAL_BROKER_URI), ""));
        // the local broker's own logins only for the local broker: never sent to a cloud broker
        boolean local = or(c.broker_uris(), framework.apply(FrameworkProperties.BROKER_URI), "").isEmpty() && !uris.isEmpty();
        String logins = framework.apply(FrameworkProperties.LOCAL_BROKER_CREDENTIALS);
        Path localLogins = local && logins != null && !logins.isBlank() ? Path.of(logins.trim()) : null;
        List<String> brokers = new ArrayList<>();
        for (String u : uris.split(",")) {
            String t = u.trim();
            if (!t.isEmpty()) {
                brokers.add(checkUri(t));
            }
        }
        // the core decides who the gateway is (GatewayIdentity); the MQTT client id is its id unless set apart
        String clientId = or(c.client_id(), identity.gatewayId(), identity.gatewayId());
        if (!clientId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("client.id '" + clientId + "': expected 1-64 letters, digits, '.', '_' or '-'");
        }
        String prefix = or(c.topic_prefix(), framework.apply(FrameworkProperties.BROKER_PREFIX + "topic.prefix"), "mviot");
        if (prefix.isEmpty() || prefix.contains("#") || prefix.contains("+") || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("topic.prefix '" + prefix + "': expected topic levels without wildcards or outer '/'");
        }
        ThingId gateway = identity.thing();
        String queueDir = or(c.queue_dir(), null, null);
        Path queue;
        if (queueDir != null) {
            queue = Path.of(queueDir);
        } else {
            String data = framework.apply(FrameworkProperties.DATA_DIR);
            queue = Path.of(data == null || data.isBlank() ? "data" : data).resolve("cloud-mqtt").resolve("queue");
        }
        if (c.reconnect_initial_ms() <= 0 || c.reconnect_max_ms() < c.reconnect_initial_ms()) {
            throw new IllegalArgumentException("reconnect.initial.ms (" + c.reconnect_initial_ms() + ") and reconnect.max.ms ("
                    + c.reconnect_max_ms() + "): expected 0 < initial <= max");
        }
        positive("keepalive.seconds", c.keepalive_seconds(), 0);
        positive("session.expiry.seconds", c.session_expiry_seconds(), 0);
        positive("fsync.interval.ms", c.fsync_interval_ms(), 1);
        positive("batch.max.changes", c.batch_max_changes(), 1);
        positive("max.inflight", c.max_inflight(), 1);
        positive("telemetry.expiry.seconds", c.telemetry_expiry_seconds(), 0);
        positive("command.timeout.ms", c.command_timeout_ms(), 1);
        InputLimits limits;
        try {
            limits = new InputLimits(c.max_packet_bytes(), c.command_max_bytes(), c.command_max_correlation_bytes(),
                    c.command_max_response_topic_bytes(), c.command_max_user_properties(), c.command_max_headers(),
                    c.command_max_header_chars(), c.command_max_value_chars(), c.command_max_writes(), c.command_max_pending(),
                    c.command_max_pending_bytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("max.packet.bytes / command.max.*: " + e.getMessage());
        }
        QueueOptions q;
        try {
            q = new QueueOptions(queue, c.queue_max_bytes(), c.queue_max_messages(), c.queue_segment_bytes(),
                    QueueSealingSettings.resolve(c, framework, queue));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queue.max.bytes / queue.max.messages / queue.segment.bytes: " + e.getMessage());
        }
        return new LinkSettings(List.copyOf(brokers), clientId, or(c.username(), framework.apply(FrameworkProperties.BROKER_PREFIX + "username"), ""),
                or(c.password(), framework.apply(FrameworkProperties.BROKER_PREFIX + "password"), ""),
                path(or(c.password_file(), framework.apply(FrameworkProperties.BROKER_PREFIX + "password.file"), "")),
                path(or(c.tls_ca(), framework.apply(FrameworkProperties.BROKER_PREFIX + "tls.ca"), "")),
                path(or(c.tls_certificate(), framework.apply(FrameworkProperties.BROKER_PREFIX + "tls.certificate"), "")),
                path(or(c.tls_key(), framework.apply(FrameworkProperties.BROKER_PREFIX + "tls.key"), "")),
                c.keepalive_seconds(), c.session_expiry_seconds(), new Topics(prefix, clientId), gateway,
                c.reconnect_initial_ms(), c.reconnect_max_ms(), q, c.fsync_interval_ms(), c.batch_max_changes(),
                c.max_inflight(), c.telemetry_expiry_seconds(), c.command_timeout_ms(), limits, localLogins);
    }

    /** @return Paho's spelling of the URIs ({@code mqtt://} is {@code tcp://}, {@code mqtts://} is {@code ssl://}) */
    public String[] pahoUris() {
        return brokerUris.stream().map(u -> u.startsWith("mqtts://") ? "ssl://" + u.substring(8)
                : u.startsWith("mqtt://") ? "tcp://" + u.substring(7) : u).toArray(String[]::new);
    }

    private static String checkUri(String u) {
        try {
            URI uri = new URI(u);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("broker.uris '" + u + "': expected tcp://host:port, ssl://host:port, ws:// or wss://");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker.uris '" + u + "': not a URI (" + e.getMessage() + ")");
        }
    }

    private static void positive(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " is " + value + ": expected at least " + min);
        }
    }

    private static Path path(String s) {
        return s.isEmpty() ? null : Path.of(s);
    }

    private static String or(String configured, String framework, String fallback) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (framework != null && !framework.isBlank()) {
            return framework.trim();
        }
        return fallback;
    }
}
