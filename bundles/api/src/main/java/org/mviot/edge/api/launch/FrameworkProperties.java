package org.mviot.edge.api.launch;

/**
 * The framework properties the launcher sets ({@code BundleContext.getProperty}), in one place. They
 * are kept to what cannot wait for Config Admin: where the gateway's directories are, and what was
 * provisioned in {@code gateway.properties} before any bundle ran. Everything a bundle can be
 * configured with goes through Config Admin, described by metatype, instead.
 *
 * <p>Inlined by the compiler: a bundle that uses these constants does not import this package at
 * run time.
 */
public final class FrameworkProperties {

    /** The configuration directory ({@code conf/}); the core reads device descriptors from {@code <conf>/devices}. */
    public static final String CONF_DIR = "mviot.conf";

    /**
     * The writable data directory: the core's sequence epoch, the cloud link's queue, the local
     * broker's persistence, the shell socket.
     */
    public static final String DATA_DIR = "mviot.data";

    /**
     * The provisioned gateway id. Read by the core only, which registers the one
     * {@link org.mviot.edge.api.twin.GatewayIdentity}; everyone else takes the id from that service.
     */
    public static final String GATEWAY_ID = "mviot.gateway.id";

    /** The provisioned cloud broker URI(s), comma-separated; absent when none is provisioned. */
    public static final String BROKER_URI = "mviot.broker.uri";

    /**
     * Prefix of the other provisioned broker settings from {@code gateway.properties} ({@code broker.username}
     * becomes {@code mviot.broker.username}; also {@code password}, {@code tls.ca}, {@code tls.certificate},
     * {@code tls.key}, {@code topic.prefix}).
     */
    public static final String BROKER_PREFIX = "mviot.broker.";

    /** The port of the gateway's own MQTT broker, when the hardware profile runs one. */
    public static final String LOCAL_BROKER_PORT = "mviot.local.broker.port";

    /** The URI of the gateway's own MQTT broker, when the hardware profile runs one. */
    public static final String LOCAL_BROKER_URI = "mviot.local.broker.uri";

    /**
     * The file with the logins of the gateway's own MQTT broker (mode 0600, written by the broker at
     * its first start): the broker checks clients against it and the cloud link logs in with its
     * {@code gateway.*} login when it connects to {@link #LOCAL_BROKER_URI}. Set with
     * {@link #LOCAL_BROKER_URI}. A path, never a password: passwords stay out of properties and
     * command lines.
     *
     * @since 1.1
     */
    public static final String LOCAL_BROKER_CREDENTIALS = "mviot.local.broker.credentials";

    /**
     * The authenticated cipher this JVM on this CPU computes faster, decided once by the launcher:
     * {@code aes-gcm} (the CPU has AES instructions and HotSpot's C2 compiler runs, whose intrinsics use
     * them) or {@code chacha20-poly1305} (anything else, such as the C1-only JVM of the small boards'
     * profiles). What a bundle that lets the hardware choose ({@code auto}) takes; absent outside the
     * launcher, where {@code chacha20-poly1305} is the safe choice (constant time in plain Java).
     *
     * @since 1.1
     */
    public static final String FAST_AEAD = "mviot.aead.fast";

    private FrameworkProperties() {
    }
}
