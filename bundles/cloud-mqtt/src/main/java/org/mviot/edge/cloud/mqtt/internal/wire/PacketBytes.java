package org.mviot.edge.cloud.mqtt.internal.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the MQTT v5 data types (section 1.5 of the specification) from a packet's bytes: every
 * length is read unsigned and checked against the bytes that are left before anything is
 * allocated, so a length field can never make the reader allocate a negative or oversized array.
 * Every problem is a {@link Malformed} naming the field.
 */
final class PacketBytes {

    private final ByteBuffer buffer;

    /**
     * @param buffer the packet bytes, positioned at the first field to read
     */
    PacketBytes(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** @return bytes left */
    int remaining() {
        return buffer.remaining();
    }

    /** @return the position in the packet */
    int position() {
        return buffer.position();
    }

    /**
     * @param field what is read, for the message
     * @return an unsigned byte
     */
    int u8(String field) {
        need(1, field);
        return buffer.get() & 0xFF;
    }

    /**
     * @param field what is read
     * @return a two-byte unsigned integer (0..65535)
     */
    int u16(String field) {
        need(2, field);
        return buffer.getShort() & 0xFFFF;
    }

    /**
     * @param field what is read
     * @return a four-byte unsigned integer
     */
    long u32(String field) {
        need(4, field);
        return buffer.getInt() & 0xFFFF_FFFFL;
    }

    /**
     * @param field what is read
     * @return a variable byte integer: at most four bytes (0..268,435,455)
     */
    int varInt(String field) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = u8(field);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new Malformed(field + ": variable byte integer longer than 4 bytes");
    }

    /**
     * @param field what is read
     * @return binary data: a two-byte unsigned length, then that many bytes
     */
    byte[] binary(String field) {
        int length = u16(field + " length");
        need(length, field);
        byte[] b = new byte[length];
        buffer.get(b);
        return b;
    }

    /**
     * @param field what is read
     * @return a UTF-8 string: a two-byte unsigned length, then well-formed UTF-8 (no U+0000, as the specification requires)
     */
    String utf8(String field) {
        byte[] b = binary(field);
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(field + ": not well-formed UTF-8");
        }
        if (s.indexOf('\0') >= 0) {
            throw new Malformed(field + ": holds U+0000");
        }
        return s;
    }

    /**
     * @param n     bytes to take
     * @param field what is read
     * @return the next {@code n} bytes, as a view (no copy)
     */
    ByteBuffer slice(int n, String field) {
        need(n, field);
        ByteBuffer s = buffer.slice();
        s.limit(n);
        buffer.position(buffer.position() + n);
        return s;
    }

    /** @return a copy of every byte left */
    byte[] rest() {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    private void need(int n, String field) {
        if (n < 0 || n > buffer.remaining()) {
            throw new Malformed(field + ": needs " + n + " bytes, the packet has " + buffer.remaining() + " left");
        }
    }

    /** A field does not fit in the packet or breaks its data type's rules; the message names the field. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }
}
