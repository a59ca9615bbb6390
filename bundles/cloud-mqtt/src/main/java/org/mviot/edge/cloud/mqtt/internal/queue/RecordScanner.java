package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the records of one segment file in order, checking each one's length and CRC32C. Stops at
 * the end or at the first record that is not whole and valid (a torn tail after a crash).
 *
 * <p>On disk a record is: body length (int), CRC32C of the body (int), body = offset (long),
 * priority (byte), payload.
 */
final class RecordScanner {

    /** Length and CRC. */
    static final int HEADER = 8;
    /** Offset and priority. */
    static final int BODY_FIXED = 9;

    private final FileChannel channel;
    private final long limit;
    private final int maxRecord;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;
    /** File position of {@code buf}'s first byte. */
    private long bufStart;

    /** Where the current record starts. */
    long recordStart;
    /** Where the next record starts. */
    long position;
    long offset;
    Priority priority;
    /** Payload of the current record: in {@link #buffer()} from {@link #payloadIndex}, {@link #payloadLength} bytes. */
    int payloadIndex;
    int payloadLength;
    /** Why the scan stopped early, or {@code null}. */
    String problem;

    RecordScanner(FileChannel channel, long from, long limit, int maxRecord, ByteBuffer scratch) {
        this.channel = channel;
        this.position = from;
        this.limit = limit;
        this.maxRecord = maxRecord;
        this.buf = scratch;
        this.buf.clear().limit(0);
        this.bufStart = from;
    }

    ByteBuffer buffer() {
        return buf;
    }

    /**
     * @return whether a valid record was read; {@code false} at the end or on corruption ({@link #problem})
     * @throws IOException if the file cannot be read
     */
    boolean next() throws IOException {
        if (position >= limit) {
            return false;
        }
        if (!fill(HEADER)) {
            problem = "a record header is cut short";
            return false;
        }
        int at = (int) (position - bufStart);
        int len = buf.getInt(at);
        int sum = buf.getInt(at + 4);
        if (len < BODY_FIXED || len > maxRecord - HEADER) {
            problem = "a record length of " + len + " bytes is impossible";
            return false;
        }
        if (!fill(HEADER + len)) {
            problem = "a record of " + len + " bytes is cut short";
            return false;
        }
        at = (int) (position - bufStart);
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + at + HEADER, len);
        if ((int) crc.getValue() != sum) {
            problem = "a record's CRC32C does not match";
            return false;
        }
        long off = buf.getLong(at + HEADER);
        byte p = buf.get(at + HEADER + 8);
        if (p < 0 || p >= Priority.values().length) {
            problem = "a record's priority " + p + " is unknown";
            return false;
        }
        recordStart = position;
        offset = off;
        priority = Priority.values()[p];
        payloadIndex = at + HEADER + BODY_FIXED;
        payloadLength = len - BODY_FIXED;
        position += HEADER + len;
        return true;
    }

    /** @return a copy of the current record's payload */
    byte[] payload() {
        byte[] b = new byte[payloadLength];
        buf.get(payloadIndex, b);
        return b;
    }

    /** @return the current record's bytes as stored */
    ByteBuffer raw() {
        int at = (int) (recordStart - bufStart);
        return buf.duplicate().limit(at + (int) (position - recordStart)).position(at);
    }

    /** Makes {@code n} bytes from {@link #position} available in the buffer; false if the file ends first. */
    private boolean fill(int n) throws IOException {
        if (position + n > limit) {
            return false;
        }
        long have = bufStart + buf.limit() - position;
        if (have >= n) {
            return true;
        }
        if (n > buf.capacity()) {
            buf = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
        }
        buf.clear();
        bufStart = position;
        long want = Math.min(buf.capacity(), limit - position);
        buf.limit((int) want);
        while (buf.hasRemaining()) {
            int r = channel.read(buf, bufStart + buf.position());
            if (r < 0) {
                break;
            }
        }
        buf.limit(buf.position());
        buf.position(0);
        return buf.limit() >= n;
    }
}
