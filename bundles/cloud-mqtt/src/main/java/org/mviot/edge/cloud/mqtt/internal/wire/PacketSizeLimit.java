package org.mviot.edge.cloud.mqtt.internal.wire;

/**
 * The Maximum Packet Size the cloud link announces, for the moments Paho does not know it yet.
 *
 * <p>Paho learns the size it announced only when it handles the CONNACK, on another thread than the
 * one that reads packets, while a broker sends the session's queued messages right behind its
 * CONNACK. Paho creates its packet reader itself, so the link cannot hand it the size: it is kept
 * here, process-wide.
 */
public final class PacketSizeLimit {

    /** The protocol's largest packet (a remaining length of 268,435,455 plus a 5-byte fixed header). */
    public static final long PROTOCOL_MAXIMUM = 268_435_460L;

    private static volatile long fallback = 256 * 1024;

    private PacketSizeLimit() {
    }

    /**
     * @param bytes the Maximum Packet Size the link announces in CONNECT
     */
    public static void announce(long bytes) {
        fallback = bytes;
    }

    /**
     * @param known what Paho knows for the connection, or {@code null}
     * @return the limit to apply to a packet read now
     */
    public static long effective(Long known) {
        return known != null && known > 0 ? known : fallback;
    }
}
