package org.mviot.edge.driver.serial.internal.frame;

import java.util.Locale;

/** The check a binary frame carries in its last byte(s). */
public enum Checksum {
    /** No check. */
    NONE("none", 0),
    /** Sum of the bytes, modulo 256, in one byte. */
    SUM8("sum8", 1),
    /** Exclusive or of the bytes, in one byte. */
    XOR8("xor8", 1),
    /** Modbus CRC-16 (polynomial 0xA001 reflected, start 0xFFFF), low byte first. */
    CRC16_MODBUS("crc16-modbus", 2);

    private final String label;
    private final int size;

    Checksum(String label, int size) {
        this.label = label;
        this.size = size;
    }

    /**
     * @return the name used in descriptors
     */
    public String label() {
        return label;
    }

    /**
     * @return bytes the check takes at the end of the frame
     */
    public int size() {
        return size;
    }

    /**
     * @param text a descriptor value, any case, {@code _} for {@code -}
     * @return the checksum, or {@code null} when there is none by that name
     */
    public static Checksum parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Checksum c : values()) {
            if (c.label.equals(t)) {
                return c;
            }
        }
        return null;
    }

    /**
     * @param data the bytes
     * @param from first byte covered
     * @param to   end of the covered bytes, exclusive
     * @return the check value ({@code 0..255} or {@code 0..65535}; 0 for {@link #NONE})
     */
    public int compute(byte[] data, int from, int to) {
        int v = 0;
        switch (this) {
            case NONE -> { }
            case SUM8 -> {
                for (int i = from; i < to; i++) {
                    v += data[i] & 0xFF;
                }
                v &= 0xFF;
            }
            case XOR8 -> {
                for (int i = from; i < to; i++) {
                    v ^= data[i] & 0xFF;
                }
            }
            case CRC16_MODBUS -> {
                v = 0xFFFF;
                for (int i = from; i < to; i++) {
                    v ^= data[i] & 0xFF;
                    for (int k = 0; k < 8; k++) {
                        v = (v & 1) != 0 ? (v >>> 1) ^ 0xA001 : v >>> 1;
                    }
                }
            }
        }
        return v;
    }

    /**
     * @param data where the check is stored
     * @param at   its first byte
     * @return the stored check value
     */
    public int stored(byte[] data, int at) {
        return switch (size) {
            case 0 -> 0;
            case 1 -> data[at] & 0xFF;
            default -> (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8;
        };
    }

    /**
     * Writes the check value in this checksum's layout.
     *
     * @param value the check value
     * @param data  where it goes
     * @param at    its first byte
     */
    public void store(int value, byte[] data, int at) {
        if (size >= 1) {
            data[at] = (byte) value;
        }
        if (size == 2) {
            data[at + 1] = (byte) (value >>> 8);
        }
    }

    /**
     * @param value a check value
     * @return it in hex as wide as this checksum
     */
    public String hex(int value) {
        return String.format(size == 2 ? "0x%04X" : "0x%02X", value);
    }
}
