package org.mviot.edge.cloud.mqtt.internal.queue;

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

    private final long[] offsets;
    private final byte[][] payloads;
    private final long maxBytes;
    private int next;
    private long held;

    /**
     * @param maxEntries most payloads kept
     * @param maxBytes   most payload bytes kept
     */
    RecentlySealed(int maxEntries, long maxBytes) {
        this.offsets = new long[maxEntries];
        this.payloads = new byte[maxEntries][];
        this.maxBytes = maxBytes;
    }

    /**
     * Keeps a payload just sealed (the caller must not change it afterwards).
     *
     * @param offset  its record's offset
     * @param payload its plain bytes
     */
    void put(long offset, byte[] payload) {
        if (payload.length > maxBytes) {
            return;
        }
        for (int i = 0; i < payloads.length && held + payload.length > maxBytes; i++) {
            drop((next + i) % payloads.length); // oldest first
        }
        drop(next);
        offsets[next] = offset;
        payloads[next] = payload;
        held += payload.length;
        next = (next + 1) % payloads.length;
    }

    /**
     * @param offset a record's offset
     * @return its plain payload, which is then forgotten; or {@code null} when not kept
     */
    byte[] take(long offset) {
        // newest first: the uplink reads what was appended last
        for (int k = 1; k <= payloads.length; k++) {
            int i = Math.floorMod(next - k, payloads.length);
            if (payloads[i] != null && offsets[i] == offset) {
                byte[] p = payloads[i];
                drop(i);
                return p;
            }
        }
        return null;
    }

    /** Forgets everything (the log's records were rewritten or it closes). */
    void clear() {
        for (int i = 0; i < payloads.length; i++) {
            drop(i);
        }
    }

    private void drop(int i) {
        if (payloads[i] != null) {
            held -= payloads[i].length;
            payloads[i] = null;
        }
    }
}
