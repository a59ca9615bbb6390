package org.mviot.edge.cloud.mqtt.internal.codec;

import java.util.Arrays;

import org.mviot.edge.api.twin.TwinUpdate;

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

    private final byte[][] bytes;
    private final TwinUpdate[] updates;
    private final long maxBytes;
    private int next;
    private long held;

    /**
     * @param maxEntries most updates kept
     * @param maxBytes   most bytes of records kept
     */
    RecentlyEncoded(int maxEntries, long maxBytes) {
        this.bytes = new byte[maxEntries][];
        this.updates = new TwinUpdate[maxEntries];
        this.maxBytes = maxBytes;
    }

    /**
     * Keeps an update with its bytes (the caller must not change them).
     *
     * @param record its bytes
     * @param update an update whose values all decode as they are: {@code null}, {@link Boolean},
     *               {@link Long}, {@link Double}, {@link String}
     */
    synchronized void put(byte[] record, TwinUpdate update) {
        if (record.length > maxBytes) {
            return;
        }
        for (int i = 0; i < bytes.length && held + record.length > maxBytes; i++) {
            drop((next + i) % bytes.length); // oldest first
        }
        drop(next);
        bytes[next] = record;
        updates[next] = update;
        held += record.length;
        next = (next + 1) % bytes.length;
    }

    /**
     * @param record bytes read from the queue
     * @return the update these very bytes were encoded from, which is then forgotten; or {@code null}
     */
    synchronized TwinUpdate take(byte[] record) {
        for (int i = 0; i < bytes.length; i++) {
            byte[] b = bytes[i];
            if (b != null && b.length == record.length && Arrays.equals(b, record)) {
                TwinUpdate u = updates[i];
                drop(i);
                return u;
            }
        }
        return null;
    }

    private void drop(int i) {
        if (bytes[i] != null) {
            held -= bytes[i].length;
            bytes[i] = null;
            updates[i] = null;
        }
    }

    /** @return updates kept */
    synchronized int size() {
        int n = 0;
        for (byte[] b : bytes) {
            n += b != null ? 1 : 0;
        }
        return n;
    }
}
