package org.mviot.edge.cloud.mqtt.internal.codec;

/**
 * A set of string pairs that numbers them in the order they were added: open addressing over two
 * arrays, sized once for a known number of pairs, so that encoding a patch of a thousand changes
 * allocates three arrays instead of a map entry per change. Not thread-safe; one per encoding.
 */
final class StringPairSet {

    private final String[] firsts;
    private final String[] seconds;
    /** Slot to index + 1; 0 is a free slot. */
    private final int[] slots;
    private final int mask;
    private int size;

    /**
     * @param capacity most pairs that will be added
     */
    StringPairSet(int capacity) {
        firsts = new String[capacity];
        seconds = new String[capacity];
        int n = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1; // a power of two, at most half full
        slots = new int[n];
        mask = n - 1;
    }

    private static int hash(String a, String b) {
        int h = a.hashCode() * 31 + b.hashCode();
        return h ^ (h >>> 16);
    }

    /**
     * Adds a pair unless it is there.
     *
     * @param a first of the pair
     * @param b second of the pair
     * @return the pair's number: the order in which it was first added, from 0 ({@link #size()} - 1
     *         when it is new)
     * @throws IllegalStateException when more pairs are added than the capacity
     */
    int add(String a, String b) {
        int s = hash(a, b) & mask;
        for (; ; s = (s + 1) & mask) {
            int i = slots[s] - 1;
            if (i < 0) {
                break;
            }
            if (firsts[i].equals(a) && seconds[i].equals(b)) {
                return i;
            }
        }
        if (size == firsts.length) {
            throw new IllegalStateException("more than " + firsts.length + " pairs");
        }
        firsts[size] = a;
        seconds[size] = b;
        slots[s] = ++size;
        return size - 1;
    }

    /** @return pairs added */
    int size() {
        return size;
    }
}
