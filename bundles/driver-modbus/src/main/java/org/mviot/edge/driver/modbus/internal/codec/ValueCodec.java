package org.mviot.edge.driver.modbus.internal.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns registers into values and back. Integers come out as {@link Long}, floats as {@link Double},
 * bits as {@link Boolean}, text as {@link String} with trailing NULs and spaces removed.
 */
public final class ValueCodec {

    private ValueCodec() {
    }

    /**
     * @param registers register values, 0..65535
     * @param offset    first register of the value
     * @param type      the layout
     * @param order     byte and word order
     * @param count     registers of a string (ignored for other types)
     * @param bit       bit index 0..15 for {@link ValueType#BIT} in a register
     * @return the value
     */
    public static Object decode(int[] registers, int offset, ValueType type, WordOrder order, int count, int bit) {
        if (type == ValueType.BIT) {
            return (registers[offset] & (1 << bit)) != 0;
        }
        if (type == ValueType.INT16 || type == ValueType.UINT16) {
            // one register: no word order, no buffers (the common case, decoded once per register per poll)
            int r = registers[offset] & 0xFFFF;
            if (order.byteSwap()) {
                r = ((r & 0xFF) << 8) | (r >>> 8);
            }
            return type == ValueType.INT16 ? (long) (short) r : (long) r;
        }
        int n = type == ValueType.STRING ? count : type.registers();
        byte[] b = canonical(registers, offset, n, type == ValueType.STRING ? WordOrder.byteSwapOnly(order) : order);
        ByteBuffer buf = ByteBuffer.wrap(b);
        return switch (type) {
            case INT16 -> (long) buf.getShort();
            case UINT16 -> (long) (buf.getShort() & 0xFFFF);
            case INT32 -> (long) buf.getInt();
            case UINT32 -> buf.getInt() & 0xFFFF_FFFFL;
            case INT64 -> buf.getLong();
            case FLOAT32 -> (double) buf.getFloat();
            case FLOAT64 -> buf.getDouble();
            case STRING -> text(b);
            case BIT -> throw new IllegalStateException();
        };
    }

    /**
     * @param value a {@link Boolean}, {@link Number} or {@link String}
     * @param type  the layout
     * @param order byte and word order
     * @param count registers of a string (ignored for other types)
     * @return the registers to write
     * @throws IllegalArgumentException when the value does not fit the type
     */
    public static int[] encode(Object value, ValueType type, WordOrder order, int count) {
        int n = type == ValueType.STRING ? count : type.registers();
        ByteBuffer buf = ByteBuffer.allocate(2 * n);
        switch (type) {
            case BIT -> throw new IllegalArgumentException("a bit in a register cannot be written alone");
            case INT16 -> buf.putShort((short) integer(value, Short.MIN_VALUE, Short.MAX_VALUE, type));
            case UINT16 -> buf.putShort((short) integer(value, 0, 0xFFFF, type));
            case INT32 -> buf.putInt((int) integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE, type));
            case UINT32 -> buf.putInt((int) integer(value, 0, 0xFFFF_FFFFL, type));
            case INT64 -> buf.putLong(integer(value, Long.MIN_VALUE, Long.MAX_VALUE, type));
            case FLOAT32 -> buf.putFloat((float) number(value, type));
            case FLOAT64 -> buf.putDouble(number(value, type));
            case STRING -> {
                byte[] t = String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
                if (t.length > 2 * n) {
                    throw new IllegalArgumentException("text of " + t.length + " characters does not fit " + n + " registers");
                }
                buf.put(t);
            }
        }
        byte[] b = buf.array();
        WordOrder o = type == ValueType.STRING ? WordOrder.byteSwapOnly(order) : order;
        // the two reorderings are involutions, so the same transform maps canonical bytes to registers
        int[] regs = new int[n];
        int[] canonicalRegs = new int[n];
        for (int i = 0; i < n; i++) {
            canonicalRegs[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        byte[] wire = canonical(canonicalRegs, 0, n, o);
        for (int i = 0; i < n; i++) {
            regs[i] = ((wire[2 * i] & 0xFF) << 8) | (wire[2 * i + 1] & 0xFF);
        }
        return regs;
    }

    /** Registers in the given order to the value's bytes, most significant first. */
    private static byte[] canonical(int[] registers, int offset, int n, WordOrder order) {
        byte[] b = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            int r = registers[offset + (order.wordSwap() ? n - 1 - i : i)];
            byte hi = (byte) (r >>> 8);
            byte lo = (byte) r;
            b[2 * i] = order.byteSwap() ? lo : hi;
            b[2 * i + 1] = order.byteSwap() ? hi : lo;
        }
        return b;
    }

    private static String text(byte[] b) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.US_ASCII);
    }

    private static long integer(Object value, long min, long max, ValueType type) {
        long v;
        if (value instanceof Boolean bool) {
            v = bool ? 1 : 0;
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d != Math.rint(d)) {
                throw new IllegalArgumentException(value + " is not a whole number, " + type.label() + " needs one");
            }
            v = (long) d;
        } else if (value instanceof Number num) {
            v = num.longValue();
        } else {
            throw new IllegalArgumentException(value + " is not a number, " + type.label() + " needs one");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is outside " + type.label() + " (" + min + ".." + max + ")");
        }
        return v;
    }

    private static double number(Object value, ValueType type) {
        if (value instanceof Number num) {
            return num.doubleValue();
        }
        if (value instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        throw new IllegalArgumentException(value + " is not a number, " + type.label() + " needs one");
    }
}
