package org.mviot.edge.cloud.mqtt.internal.queue;

import org.mviot.edge.cloud.mqtt.internal.recent.RecentEntries;

/**
 * The plain payloads of the records sealed lately, by offset. The uplink reads a record back moments
 * after it was appended; opening it again (the AEAD cipher over the whole record: ChaCha20-Poly1305
 * in software on boards without AES instructions) was the largest single cost of sending it. The
 * record is still found on disk by the same scan (its CRC checked, damage counted); only its payload
 * comes from here when these very bytes were sealed by this log at that offset. An offset holds one
 * record for the queue's whole life, so a payload kept here can never be another record's.
 *
 * <p>Bounded in entries and bytes, oldest out first; an entry goes when it is taken (a backlog after a
 * reconnect, or a queue from an earlier run, is opened from disk as always). Not thread-safe: the log
 * calls it under its own lock.
 */
final class RecentlySealed {

    private record Sealed(long offset, byte[] payload) {
    }

    private final RecentEntries<Sealed> recent;

    /**
     * @param maxEntries most payloads kept
     * @param maxBytes   most payload bytes kept
     */
    RecentlySealed(int maxEntries, long maxBytes) {
        this.recent = new RecentEntries<>(maxEntries, maxBytes, e -> e.payload().length);
    }

    /**
     * Keeps a payload just sealed (the caller must not change it afterwards).
     *
     * @param offset  its record's offset
     * @param payload its plain bytes
     */
    void put(long offset, byte[] payload) {
        recent.put(new Sealed(offset, payload));
    }

    /**
     * @param offset a record's offset
     * @return its plain payload, which is then forgotten; or {@code null} when not kept
     */
    byte[] take(long offset) {
        // newest first: the uplink reads what was appended last
        Sealed s = recent.take(e -> e.offset() == offset);
        return s == null ? null : s.payload();
    }

    /** Forgets everything (the log's records were rewritten or it closes). */
    void clear() {
        recent.clear();
    }
}
