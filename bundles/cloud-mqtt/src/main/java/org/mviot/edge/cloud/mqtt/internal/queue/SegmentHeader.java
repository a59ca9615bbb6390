package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The first bytes of a segment file written by format 2 and later: a magic number, the format
 * version (2 plain, 3 sealed), three reserved bytes, the segment's base offset and a CRC32C of those 16 bytes (20
 * bytes). Format 1 segments have no header and begin with their first record; they are still read
 * (a record's length can never equal the magic, which is far above any segment size). A header
 * whose CRC fails is damage, not a newer format: its records are read after it. A header whose
 * magic is damaged reads as "no header": the scanner's resynchronisation finds the records behind it.
 *
 * <p>Records are framed the same in both formats: body length (int), CRC32C of the body (int),
 * body = offset (long), priority code (byte), payload.
 */
final class SegmentHeader {

    /** "MVQS". */
    static final int MAGIC = 0x4D565153;
    /** The format this code writes for plain records. */
    static final byte FORMAT = 2;
    /**
     * The format of a segment whose payloads are sealed ({@code RecordSealer}): framed like format 2.
     * A format of its own so that software from before sealing quarantines such a segment (kept)
     * instead of sending ciphertext, and so that reading knows which segments to open.
     */
    static final byte SEALED = 3;
    /** The newest format this code reads. */
    static final byte LATEST = SEALED;
    /** Header bytes of a format 2 segment. */
    static final int LENGTH = 20;

    private SegmentHeader() {
    }

    /**
     * @param base the segment's base offset
     * @return the header bytes
     */
    static ByteBuffer bytes(long base) {
        return bytes(base, FORMAT);
    }

    /**
     * @param base   the segment's base offset
     * @param format the format version to name (tests write other versions than this code's)
     * @return the header bytes
     */
    static ByteBuffer bytes(long base, byte format) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putInt(MAGIC).put(format).put((byte) 0).putShort((short) 0).putLong(base);
        b.putInt(crc(b));
        return b.flip();
    }

    private static int crc(ByteBuffer header) {
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 16);
        return (int) crc.getValue();
    }

    /**
     * Reads the format of a segment file.
     *
     * @param channel the file
     * @return the format version (1 for a file with no header)
     * @throws IOException if the file cannot be read
     */
    static int format(FileChannel channel) throws IOException {
        if (channel.size() < LENGTH) {
            return 1;
        }
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        while (b.hasRemaining() && channel.read(b, b.position()) >= 0) {
            // fill
        }
        if (b.position() < LENGTH || b.getInt(0) != MAGIC) {
            return 1;
        }
        if (crc(b) != b.getInt(16)) {
            // damaged, not newer: the format this code writes (its records are framed the same in every format so far)
            return FORMAT;
        }
        return b.get(4);
    }

    /**
     * @param format a format version
     * @return where the first record begins
     */
    static int dataStart(int format) {
        return format >= 2 ? LENGTH : 0;
    }
}
