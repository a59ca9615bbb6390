package org.mviot.edge.cloud.mqtt.internal.link;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the cloud link (PID {@code org.mviot.edge.cloud.mqtt}). Text settings left
 * empty fall back to what {@code mviot-edge provision} wrote, which the launcher hands over as
 * framework properties ({@code mviot.broker.uri}, {@code mviot.gateway.id}, {@code mviot.broker.*}).
 */
@ObjectClassDefinition(name = "mviot-edge cloud link (MQTT v5)",
        description = "Twin updates up as Eclipse Ditto Protocol over MQTT v5 through a persistent queue; commands down.")
public @interface LinkConfig {

    /** @return broker URIs, tried in order */
    @AttributeDefinition(description = "Broker URIs, comma-separated, tried in order (failover): tcp://host:1883, ssl://host:8883. "
            + "Empty: the provisioned mviot.broker.uri.")
    String broker_uris() default "";

    /** @return MQTT client id */
    @AttributeDefinition(description = "MQTT client id. Empty: the gateway id the core decided (GatewayIdentity), which also names the gateway twin.")
    String client_id() default "";

    /** @return user name */
    @AttributeDefinition(description = "Broker user name. Empty: mviot.broker.username, else none.")
    String username() default "";

    /** @return password */
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Broker password. Empty: mviot.broker.password, else none.")
    String password() default "";

    /** @return password file */
    @AttributeDefinition(description = "File holding the broker password (owner-only, 0600; one line; read at each connection attempt). "
            + "Empty: mviot.broker.password.file, else the password setting.")
    String password_file() default "";

    /** @return CA certificates file */
    @AttributeDefinition(description = "PEM file of the CA certificates that sign the broker's certificate (ssl:// URIs). "
            + "Empty: mviot.broker.tls.ca, else the JVM's trust store.")
    String tls_ca() default "";

    /** @return client certificate file */
    @AttributeDefinition(description = "PEM file of the gateway's client certificate chain, for mutual TLS. Empty: mviot.broker.tls.certificate, else none.")
    String tls_certificate() default "";

    /** @return client key file */
    @AttributeDefinition(description = "PEM file of the client certificate's private key (PKCS#8). Empty: mviot.broker.tls.key.")
    String tls_key() default "";

    /** @return keepalive */
    @AttributeDefinition(min = "0", description = "MQTT keepalive in seconds.")
    int keepalive_seconds() default 30;

    /** @return session expiry */
    @AttributeDefinition(min = "0", description = "MQTT v5 session expiry in seconds: how long the broker keeps the gateway's subscriptions while it is offline.")
    long session_expiry_seconds() default 3600;

    /** @return topic prefix */
    @AttributeDefinition(description = "First topic level of every topic. Empty: mviot.broker.topic.prefix, else 'mviot'.")
    String topic_prefix() default "";

    /** @return first reconnect delay */
    @AttributeDefinition(min = "10", description = "First reconnect delay in milliseconds; it doubles per failed attempt, with jitter.")
    long reconnect_initial_ms() default 500;

    /** @return reconnect delay cap */
    @AttributeDefinition(min = "10", description = "Longest reconnect delay in milliseconds.")
    long reconnect_max_ms() default 30_000;

    /** @return queue directory */
    @AttributeDefinition(description = "Directory of the store-and-forward queue. Empty: <mviot.data>/cloud-mqtt/queue.")
    String queue_dir() default "";

    /** @return whether queue records are encrypted at rest */
    @AttributeDefinition(description = "Encrypt every queue record at rest (AEAD): true or false. Empty: the hardware profile's "
            + "queue.encrypt (on in hardware profiles), else false. Records stored before a switch stay readable either way.")
    String queue_encrypt() default "";

    /** @return the queue's cipher */
    @AttributeDefinition(description = "Cipher of the sealed queue: aes-gcm, chacha20-poly1305 or auto (aes-gcm when /proc/cpuinfo "
            + "lists the aes flag, else chacha20-poly1305). Empty: the hardware profile's queue.cipher, else auto.")
    String queue_cipher() default "";

    /** @return the queue key file */
    @AttributeDefinition(description = "File of the queue's 256-bit key (owner-only, 0600), made at the first start that encrypts. "
            + "Empty: queue.key beside the queue directory (<mviot.data>/cloud-mqtt/queue.key). Without it sealed records cannot be read.")
    String queue_key_file() default "";

    /** @return queue bound in bytes */
    @AttributeDefinition(min = "65536", description = "Most bytes the queue keeps on disk; the oldest telemetry goes first.")
    long queue_max_bytes() default 128L * 1024 * 1024;

    /** @return queue bound in messages */
    @AttributeDefinition(min = "1", description = "Most updates the queue keeps; the oldest telemetry goes first.")
    long queue_max_messages() default 1_000_000;

    /** @return segment size */
    @AttributeDefinition(min = "4096", description = "Size of one queue segment file in bytes, also the largest update. "
            + "A delivered segment is deleted at the next commit: small segments go before the kernel writes them back (less SD card wear).")
    int queue_segment_bytes() default 1024 * 1024;

    /** @return group commit interval */
    @AttributeDefinition(min = "1", description = "Group commit: the queue is forced to the device this often, in milliseconds. "
            + "Updates of the last interval can be lost on power loss (not on a crash of the gateway).")
    long fsync_interval_ms() default 200;

    /** @return batch size */
    @AttributeDefinition(min = "1", description = "Most property changes of one thing merged into one publish when a backlog exists.")
    int batch_max_changes() default 1000;

    /** @return in-flight window */
    @AttributeDefinition(min = "1", description = "Most QoS 1 publishes awaiting their PUBACK (also bounded by the broker's receive maximum).")
    int max_inflight() default 1000;

    /** @return telemetry expiry */
    @AttributeDefinition(min = "0", description = "MQTT v5 message expiry of telemetry in seconds (0: none): data that is useless when old.")
    long telemetry_expiry_seconds() default 0;

    /** @return command timeout */
    @AttributeDefinition(min = "1", description = "A command without a result after this many milliseconds gets a 504 response.")
    long command_timeout_ms() default 10_000;

    /** @return Maximum Packet Size announced in CONNECT */
    @AttributeDefinition(min = "1024", description = "Maximum Packet Size (MQTT v5) announced to the broker in CONNECT, in bytes: "
            + "a compliant broker drops a larger message for this gateway instead of sending it. A larger packet that still arrives "
            + "is skipped as it is read and answered 413.")
    int max_packet_bytes() default 256 * 1024;

    /** @return largest command payload */
    @AttributeDefinition(min = "1", description = "Largest command payload in bytes; a larger command is answered 413 and not read.")
    int command_max_bytes() default 64 * 1024;

    /** @return largest correlation data */
    @AttributeDefinition(min = "1", description = "Largest MQTT v5 correlation data of a command in bytes; over it: 431, sent to "
            + "<prefix>/<gw>/responses without correlation data.")
    int command_max_correlation_bytes() default 1024;

    /** @return longest response topic */
    @AttributeDefinition(min = "1", description = "Longest MQTT v5 response topic of a command in UTF-8 bytes; over it: 431 on <prefix>/<gw>/responses.")
    int command_max_response_topic_bytes() default 512;

    /** @return most user properties */
    @AttributeDefinition(min = "0", description = "Most MQTT v5 user properties on a command; over it: 431.")
    int command_max_user_properties() default 32;

    /** @return most Ditto headers */
    @AttributeDefinition(min = "1", description = "Most Ditto headers on a command; over it: 431.")
    int command_max_headers() default 64;

    /** @return longest header */
    @AttributeDefinition(min = "16", description = "Longest Ditto header value, header name, MQTT user property (name + value) and Ditto path, in chars; over it: 431 (413 for the path).")
    int command_max_header_chars() default 1024;

    /** @return longest string value */
    @AttributeDefinition(min = "1", description = "Longest string value a command sets, in chars; over it: 413.")
    int command_max_value_chars() default 1024;

    /** @return most writes per command */
    @AttributeDefinition(min = "1", description = "Most properties one command sets; over it: 413.")
    int command_max_writes() default 100;

    /** @return most pending commands */
    @AttributeDefinition(min = "1", description = "Most commands taken and not yet answered; more are answered 429 at once.")
    int command_max_pending() default 1000;

    /** @return most pending command bytes */
    @AttributeDefinition(min = "1", description = "Most payload bytes of the commands taken and not yet answered; more are answered 429 at once.")
    long command_max_pending_bytes() default 8L * 1024 * 1024;
}
