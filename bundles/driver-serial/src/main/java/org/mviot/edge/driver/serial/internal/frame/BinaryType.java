package org.mviot.edge.driver.serial.internal.frame;

import java.util.Locale;

/** How a value is stored in a binary frame: its size and encoding. Byte order is chosen per channel. */
public enum BinaryType {
    /** Unsigned byte. */
    UINT8(1, 0, 0xFFL),
    /** Signed byte. */
    INT8(1, Byte.MIN_VALUE, Byte.MAX_VALUE),
    /** Unsigned 16-bit integer. */
    UINT16(2, 0, 0xFFFFL),
    /** Signed 16-bit integer. */
    INT16(2, Short.MIN_VALUE, Short.MAX_VALUE),
    /** Unsigned 32-bit integer. */
    UINT32(4, 0, 0xFFFF_FFFFL),
    /** Signed 32-bit integer. */
    INT32(4, Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** IEEE 754 single precision. */
    FLOAT32(4, 0, 0),
    /** IEEE 754 double precision. */
    FLOAT64(8, 0, 0);

    private final int size;
    private final long min;
    private final long max;

    BinaryType(int size, long min, long max) {
        this.size = size;
        this.min = min;
        this.max = max;
    }

    /**
     * @return bytes the value takes
     */
    public int size() {
        return size;
    }

    /**
     * @return whether this is a floating point type
     */
    public boolean floating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * @return the name used in descriptors, e.g. {@code uint16}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a descriptor value, any case
     * @return the type, or {@code null} when there is none by that name
     */
    public static BinaryType parse(String text) {
        for (BinaryType t : values()) {
            if (t.label().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        return null;
    }

    /**
     * @param frame  the bytes
     * @param offset where the value starts
     * @param little least significant byte first
     * @return a {@link Long} for integer types, a {@link Double} for floating point types
     */
    public Object decode(byte[] frame, int offset, boolean little) {
        long raw = 0;
        for (int i = 0; i < size; i++) {
            int b = frame[offset + (little ? size - 1 - i : i)] & 0xFF;
            raw = raw << 8 | b;
        }
        return switch (this) {
            case UINT8, UINT16, UINT32 -> raw;
            case INT8 -> (long) (byte) raw;
            case INT16 -> (long) (short) raw;
            case INT32 -> (long) (int) raw;
            case FLOAT32 -> (double) Float.intBitsToFloat((int) raw);
            case FLOAT64 -> Double.longBitsToDouble(raw);
        };
    }

    /**
     * @param value  a {@link Boolean} (1/0) or a {@link Number}
     * @param little least significant byte first
     * @return the value's bytes
     * @throws IllegalArgumentException when the value does not fit the type, in words
     */
    public byte[] encode(Object value, boolean little) {
        double d;
        if (value instanceof Boolean b) {
            d = b ? 1 : 0;
        } else if (value instanceof Number n) {
            d = n.doubleValue();
        } else {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
        long raw;
        if (floating()) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(value + " is not a finite number");
            }
            if (this == FLOAT32) {
                float f = (float) d;
                if (Float.isInfinite(f)) {
                    throw new IllegalArgumentException(value + " is outside float32");
                }
                raw = Float.floatToIntBits(f) & 0xFFFF_FFFFL;
            } else {
                raw = Double.doubleToLongBits(d);
            }
        } else {
            boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
            if (!integral && (d != Math.rint(d) || Double.isInfinite(d))) {
                throw new IllegalArgumentException(value + " is not a whole number, which " + label() + " needs");
            }
            if (!integral && (d < min || d > max)) {
                throw new IllegalArgumentException(value + " is outside " + label() + " (" + min + ".." + max + ")");
            }
            long l = integral ? ((Number) value).longValue() : (long) d;
            if (l < min || l > max) {
                throw new IllegalArgumentException(value + " is outside " + label() + " (" + min + ".." + max + ")");
            }
            raw = l;
        }
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[little ? i : size - 1 - i] = (byte) (raw >>> (8 * i));
        }
        return out;
    }
}
