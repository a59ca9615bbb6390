package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Walks the records of one segment file in order, checking each one's length, CRC32C, priority
 * code and offset (above every offset before it).
 *
 * <p>When a record is not whole and valid, the scanner <em>resynchronises</em>: it looks at every
 * following byte position for the next valid record (a plausible length whose CRC32C matches, a
 * known priority, a higher offset) and goes on from there, so damage loses only the damaged bytes
 * (issue 17, item 5). Each skipped stretch is a {@link Damage}; a stretch of zeros that runs to the
 * end of the file is not damage but the unwritten hole of the segment that was active when the
 * gateway stopped ({@link #zeroTailFrom}). A false match needs a 32-bit CRC to agree by chance
 * (and the other checks), about one in four billion candidate positions.
 *
 * <p>On disk a record is: body length (int), CRC32C of the body (int), body = offset (long),
 * priority (byte), payload.
 */
final class RecordScanner {

    /** Length and CRC. */
    static final int HEADER = 8;
    /** Offset and priority. */
    static final int BODY_FIXED = 9;

    /**
     * Bytes skipped between two valid records (or between one and the end of the file).
     *
     * @param from         first damaged byte
     * @param to           one past the last damaged byte
     * @param problem      what was wrong with the first record expected at {@code from}
     * @param offsetBefore offset of the valid record before it, or -1
     * @param offsetAfter  offset of the valid record after it, or -1 when none followed in this file
     */
    record Damage(long from, long to, String problem, long offsetBefore, long offsetAfter) {
        /** @return bytes lost */
        long bytes() {
            return to - from;
        }
    }

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
    /** Offset of the last valid record, or the lowest offset allowed minus one. */
    private long lastOffset;
    /** Stretches skipped, in file order. */
    final List<Damage> damage = new ArrayList<>();
    /** Where a tail of zeros (the active segment's unwritten hole) begins, or -1. */
    long zeroTailFrom = -1;

    /**
     * @param channel   the file
     * @param from      where the first record begins
     * @param limit     end of the records
     * @param maxRecord largest record possible
     * @param minOffset lowest offset a record may have
     * @param scratch   a buffer to read into (replaced by a larger one if a record needs it)
     */
    RecordScanner(FileChannel channel, long from, long limit, int maxRecord, long minOffset, ByteBuffer scratch) {
        this.channel = channel;
        this.position = from;
        this.limit = limit;
        this.maxRecord = maxRecord;
        this.lastOffset = minOffset - 1;
        this.buf = scratch;
        this.buf.clear().limit(0);
        this.bufStart = from;
    }

    ByteBuffer buffer() {
        return buf;
    }

    /**
     * Moves to the next valid record, skipping (and noting in {@link #damage}) whatever is not one.
     *
     * @return whether a valid record was read; {@code false} at the end of the file
     * @throws IOException if the file cannot be read
     */
    boolean next() throws IOException {
        long damagedFrom = -1;
        String problem = null;
        while (position < limit) {
            String wrong = recordAt(position);
            if (wrong == null) {
                if (damagedFrom >= 0) {
                    damage.add(new Damage(damagedFrom, recordStart, problem, lastOffset, offset));
                }
                lastOffset = offset;
                return true;
            }
            if (damagedFrom < 0) {
                damagedFrom = position;
                problem = wrong;
            }
            position++;
        }
        if (damagedFrom >= 0) {
            long nonZeroEnd = lastNonZero(damagedFrom, limit);
            if (nonZeroEnd < limit) {
                zeroTailFrom = nonZeroEnd;
            }
            if (nonZeroEnd > damagedFrom) {
                damage.add(new Damage(damagedFrom, nonZeroEnd, problem, lastOffset < 0 ? -1 : lastOffset, -1));
            }
        }
        return false;
    }

    /** Checks for a valid record at {@code at}; on success makes it current and returns null, else says what is wrong. */
    private String recordAt(long at) throws IOException {
        if (!fill(at, HEADER)) {
            return "a record header is cut short";
        }
        int i = (int) (at - bufStart);
        int len = buf.getInt(i);
        int sum = buf.getInt(i + 4);
        if (len < BODY_FIXED || len > maxRecord - HEADER) {
            return "a record length of " + len + " bytes is impossible";
        }
        if (!fill(at, HEADER + len)) {
            return "a record of " + len + " bytes is cut short";
        }
        i = (int) (at - bufStart);
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + i + HEADER, len);
        if ((int) crc.getValue() != sum) {
            return "a record's CRC32C does not match";
        }
        long off = buf.getLong(i + HEADER);
        Priority p = Priority.of(buf.get(i + HEADER + 8));
        if (p == null) {
            return "a record's priority code " + buf.get(i + HEADER + 8) + " is unknown";
        }
        if (off <= lastOffset) {
            return "offset " + off + " does not follow " + lastOffset;
        }
        recordStart = at;
        offset = off;
        priority = p;
        payloadIndex = i + HEADER + BODY_FIXED;
        payloadLength = len - BODY_FIXED;
        position = at + HEADER + len;
        return null;
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

    /** @return one past the last non-zero byte in [from, to), or {@code from} if all are zero */
    private long lastNonZero(long from, long to) throws IOException {
        long end = from;
        long at = from;
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (at < to) {
            b.clear().limit((int) Math.min(b.capacity(), to - at));
            int n = channel.read(b, at);
            if (n <= 0) {
                break;
            }
            for (int k = n - 1; k >= 0; k--) {
                if (b.get(k) != 0) {
                    end = at + k + 1;
                    break;
                }
            }
            at += n;
        }
        return end;
    }

    /** Makes {@code n} bytes from {@code at} available in the buffer; false if the file ends first. */
    private boolean fill(long at, int n) throws IOException {
        if (at + n > limit) {
            return false;
        }
        if (at >= bufStart && bufStart + buf.limit() - at >= n) {
            return true;
        }
        if (n > buf.capacity()) {
            buf = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
        }
        buf.clear();
        bufStart = at;
        long want = Math.min(buf.capacity(), limit - at);
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
