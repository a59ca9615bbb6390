package org.mviot.edge.cloud.mqtt.internal.recent;

import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The entries kept lately, bounded in number and in bytes, oldest out first; an entry goes when it is
 * taken. The cloud link keeps what it just wrote to its queue this way, so reading it back moments later
 * need not undo the work (decrypting, decoding) that made it. Not thread-safe: its owner guards it.
 *
 * @param <T> the entries
 */
public final class RecentEntries<T> {

    private final Object[] entries;
    private final ToIntFunction<T> bytes;
    private final long maxBytes;
    private int next;
    private long held;

    /**
     * @param maxEntries most entries kept
     * @param maxBytes   most bytes kept
     * @param bytes      how many bytes an entry holds
     */
    public RecentEntries(int maxEntries, long maxBytes, ToIntFunction<T> bytes) {
        this.entries = new Object[maxEntries];
        this.bytes = bytes;
        this.maxBytes = maxBytes;
    }

    /**
     * Keeps an entry, making room by dropping the oldest; an entry larger than the whole bound is not kept.
     *
     * @param entry the entry
     */
    public void put(T entry) {
        int size = bytes.applyAsInt(entry);
        if (size > maxBytes) {
            return;
        }
        for (int i = 0; i < entries.length && held + size > maxBytes; i++) {
            drop((next + i) % entries.length);
        }
        drop(next);
        entries[next] = entry;
        held += size;
        next = (next + 1) % entries.length;
    }

    /**
     * @param wanted what the entry must be
     * @return the newest entry that is, which is then forgotten; or {@code null}
     */
    public T take(Predicate<? super T> wanted) {
        for (int k = 1; k <= entries.length; k++) {
            int i = Math.floorMod(next - k, entries.length);
            T e = at(i);
            if (e != null && wanted.test(e)) {
                drop(i);
                return e;
            }
        }
        return null;
    }

    /** Forgets everything. */
    public void clear() {
        for (int i = 0; i < entries.length; i++) {
            drop(i);
        }
    }

    /** @return entries kept */
    public int size() {
        int n = 0;
        for (Object e : entries) {
            n += e != null ? 1 : 0;
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private T at(int i) {
        return (T) entries[i];
    }

    private void drop(int i) {
        T e = at(i);
        if (e != null) {
            held -= bytes.applyAsInt(e);
            entries[i] = null;
        }
    }
}
