package org.mviot.edge.security.internal.signature;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JWS ids seen within the timestamp window, bounded: an id is kept until its timestamp leaves
 * the window (after that the timestamp check refuses it anyway). When the cache is full of ids
 * still in the window, the next signed command is refused rather than an id forgotten early: a
 * forgotten id could be replayed.
 */
final class ReplayCache {

    private final int capacity;
    private final Map<String, Long> expiries = new LinkedHashMap<>();

    ReplayCache(int capacity) {
        this.capacity = capacity;
    }

    /** What {@link #admit} found. */
    enum Outcome {
        /** First sighting: remembered. */
        FIRST,
        /** Seen before within the window. */
        REPLAY,
        /** Full of ids still in the window. */
        FULL
    }

    /**
     * @param id          the JWS id with what it was used for
     * @param expiresAt   when the id may be forgotten (epoch ms)
     * @param nowMillis   now (epoch ms)
     * @return whether this is the first sighting
     */
    synchronized Outcome admit(String id, long expiresAt, long nowMillis) {
        Long seen = expiries.get(id);
        if (seen != null && seen > nowMillis) {
            return Outcome.REPLAY;
        }
        if (expiries.size() >= capacity) {
            // ids come in roughly in timestamp order: the oldest first, then a full sweep only when still full
            Iterator<Long> it = expiries.values().iterator();
            while (it.hasNext()) {
                if (it.next() <= nowMillis) {
                    it.remove();
                }
            }
            if (expiries.size() >= capacity) {
                return Outcome.FULL;
            }
        }
        expiries.remove(id);
        expiries.put(id, expiresAt);
        return Outcome.FIRST;
    }

    synchronized int size() {
        return expiries.size();
    }
}
