package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The last commands taken, so that one the broker sends again (DUP flag: its PUBACK was lost in a
 * reconnect) is not carried out and answered a second time. A command is known by its packet
 * identifier, payload length and CRC32C of its payload, correlation data and response topic; the
 * window is the last {@link #CAPACITY} commands.
 */
final class RecentCommands {

    /** How many commands are remembered. */
    static final int CAPACITY = 4096;

    private record Key(int packetId, int length, long digest) {
    }

    private final Map<Key, Boolean> seen = new LinkedHashMap<>(CAPACITY * 2, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Remembers a command.
     *
     * @param c the command
     * @return {@code true} if it is a redelivery (DUP flag) of a command already taken
     */
    synchronized boolean seenBefore(InboundCommand c) {
        Key k = key(c);
        if (c.duplicate() && seen.containsKey(k)) {
            return true;
        }
        seen.put(k, Boolean.TRUE);
        return false;
    }

    private static Key key(InboundCommand c) {
        CRC32C payload = new CRC32C();
        payload.update(c.payload());
        CRC32C envelope = new CRC32C();
        if (c.correlationData() != null) {
            envelope.update(c.correlationData());
        }
        if (c.responseTopic() != null) {
            envelope.update(c.responseTopic().getBytes(StandardCharsets.UTF_8));
        }
        return new Key(c.packetId(), c.payload().length, payload.getValue() << 32 | envelope.getValue());
    }
}
