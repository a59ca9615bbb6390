package org.mviot.edge.driver.modbus.internal.codec;

/**
 * The order in which a multi-byte value's bytes sit in registers. The value's bytes, most
 * significant first, are named A, B, C, D (and on for 64-bit values); the name tells what the
 * registers hold, first register first.
 */
public enum WordOrder {
    /** Big-endian, the Modbus default: registers hold AB, CD. */
    ABCD(false, false),
    /** Word swap: registers hold CD, AB (64-bit: the four words reversed). */
    CDAB(true, false),
    /** Byte swap within each register: BA, DC. */
    BADC(false, true),
    /** Little-endian: DC, BA. */
    DCBA(true, true);

    private final boolean wordSwap;
    private final boolean byteSwap;

    WordOrder(boolean wordSwap, boolean byteSwap) {
        this.wordSwap = wordSwap;
        this.byteSwap = byteSwap;
    }

    /**
     * @return whether registers come least significant first
     */
    public boolean wordSwap() {
        return wordSwap;
    }

    /**
     * @return whether the two bytes of each register are swapped
     */
    public boolean byteSwap() {
        return byteSwap;
    }

    /**
     * @param order an order
     * @return the order with only its byte swap kept: text has no words to swap, only bytes within a register
     */
    static WordOrder byteSwapOnly(WordOrder order) {
        return order.byteSwap ? BADC : ABCD;
    }

    /**
     * @param name a name in a descriptor, any case
     * @return the order, or {@code null}
     */
    public static WordOrder byName(String name) {
        for (WordOrder o : values()) {
            if (o.name().equalsIgnoreCase(name.trim())) {
                return o;
            }
        }
        return null;
    }
}
