package org.mviot.edge.timesync.internal.ntp;

import java.nio.charset.StandardCharsets;

/**
 * The 48-byte NTP header (RFC 5905 §7.3), as sent by a client and as answered by a server. Extension
 * fields and a MAC after the header are ignored.
 *
 * @param leap           leap indicator, 0–3 (3: the server's clock is not synchronized)
 * @param version        protocol version
 * @param mode           association mode (3 client, 4 server)
 * @param stratum        0 (Kiss-o'-Death), 1 (primary), 2–15 (secondary), 16 (unsynchronized)
 * @param poll           log2 of the poll interval, seconds
 * @param precision      log2 of the server clock's precision, seconds
 * @param rootDelay      root delay, NTP short format (16.16 seconds)
 * @param rootDispersion root dispersion, NTP short format
 * @param referenceId    reference id (a kiss code when stratum is 0)
 * @param reference      reference timestamp
 * @param origin         origin timestamp (the client's transmit timestamp, echoed)
 * @param receive        when the server received the request
 * @param transmit       when the server sent the reply
 */
public record NtpPacket(int leap, int version, int mode, int stratum, int poll, int precision, long rootDelay, long rootDispersion,
                        int referenceId, long reference, long origin, long receive, long transmit) {

    /** Bytes of the header. */
    public static final int LENGTH = 48;
    /** Mode of a client request. */
    public static final int MODE_CLIENT = 3;
    /** Mode of a server reply. */
    public static final int MODE_SERVER = 4;
    /** Leap indicator of an unsynchronized clock. */
    public static final int LEAP_UNSYNCHRONIZED = 3;

    /**
     * @param transmit what the client puts in the transmit field (a nonce the reply must echo as its origin)
     * @return a version 4 client request
     */
    public static NtpPacket request(long transmit) {
        return new NtpPacket(0, 4, MODE_CLIENT, 0, 0, 0, 0, 0, 0, 0, 0, 0, transmit);
    }

    /**
     * @param data   received bytes
     * @param length how many of them
     * @return the header
     * @throws IllegalArgumentException when fewer than 48 bytes came
     */
    public static NtpPacket decode(byte[] data, int length) {
        if (length < LENGTH || data.length < length) {
            throw new IllegalArgumentException("an NTP packet has at least " + LENGTH + " bytes, got " + length);
        }
        int b0 = data[0] & 0xFF;
        return new NtpPacket(b0 >>> 6, (b0 >>> 3) & 7, b0 & 7, data[1] & 0xFF, data[2], data[3],
                u32(data, 4), u32(data, 8), (int) u32(data, 12), u64(data, 16), u64(data, 24), u64(data, 32), u64(data, 40));
    }

    /**
     * @return the 48 bytes of the header
     */
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) ((leap & 3) << 6 | (version & 7) << 3 | (mode & 7));
        b[1] = (byte) stratum;
        b[2] = (byte) poll;
        b[3] = (byte) precision;
        put32(b, 4, rootDelay);
        put32(b, 8, rootDispersion);
        put32(b, 12, referenceId);
        put64(b, 16, reference);
        put64(b, 24, origin);
        put64(b, 32, receive);
        put64(b, 40, transmit);
        return b;
    }

    /**
     * @return the reference id as four ASCII characters (the kiss code of a Kiss-o'-Death packet), non-printables as '?'
     */
    public String referenceText() {
        byte[] c = {(byte) (referenceId >>> 24), (byte) (referenceId >>> 16), (byte) (referenceId >>> 8), (byte) referenceId};
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0x20 || c[i] > 0x7E) {
                c[i] = '?';
            }
        }
        return new String(c, StandardCharsets.US_ASCII);
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static long u64(byte[] b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }

    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void put64(byte[] b, int at, long v) {
        put32(b, at, v >>> 32);
        put32(b, at + 4, v);
    }
}
