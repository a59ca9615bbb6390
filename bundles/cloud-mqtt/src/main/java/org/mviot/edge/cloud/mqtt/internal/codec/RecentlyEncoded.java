package org.mviot.edge.cloud.mqtt.internal.codec;

import java.util.Arrays;

import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.recent.RecentEntries;

/**
 * The change updates encoded lately, with their bytes. The uplink reads a record back from the
 * queue moments after it was appended; when the bytes it read are those of an update encoded here,
 * that update is the decoding (it holds only values that decoding gives back as they are), and the
 * record's thousand properties need not be parsed again. Bytes that were not encoded here lately
 * (a backlog after a reconnect, a queue from the last run) are decoded as always.
 *
 * <p>Bounded in entries and bytes, oldest out first; an entry goes when it is found (a record is
 * read once, except after a reconnect). Thread-safe: updates are encoded on the core's thread and
 * read back on the uplink's.
 */
final class RecentlyEncoded {

    private record Encoded(byte[] record, TwinUpdate update) {
    }

    private final RecentEntries<Encoded> recent;

    /**
     * @param maxEntries most updates kept
     * @param maxBytes   most bytes of records kept
     */
    RecentlyEncoded(int maxEntries, long maxBytes) {
        this.recent = new RecentEntries<>(maxEntries, maxBytes, e -> e.record().length);
    }

    /**
     * Keeps an update with its bytes (the caller must not change them).
     *
     * @param record its bytes
     * @param update an update whose values all decode as they are: {@code null}, {@link Boolean},
     *               {@link Long}, {@link Double}, {@link String}
     */
    synchronized void put(byte[] record, TwinUpdate update) {
        recent.put(new Encoded(record, update));
    }

    /**
     * @param record bytes read from the queue
     * @return the update these very bytes were encoded from, which is then forgotten; or {@code null}
     */
    synchronized TwinUpdate take(byte[] record) {
        Encoded e = recent.take(k -> k.record().length == record.length && Arrays.equals(k.record(), record));
        return e == null ? null : e.update();
    }

    /** @return updates kept */
    synchronized int size() {
        return recent.size();
    }
}
