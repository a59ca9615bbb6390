package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Rewrites a sealed segment keeping some of its valid records, byte for byte, behind a format 2
 * header: compaction (undelivered KEEP records) and repair after damage (every intact record). The
 * new file is written beside the old one ({@code .tmp}), forced, and renamed over it, so a crash
 * leaves either the old segment whole or the new one.
 */
final class SegmentRewriter {

    /** The suffix of a rewrite in progress; one found at recovery is deleted (the original is whole). */
    static final String TMP = ".tmp";

    /** Which records stay. */
    interface Keep {
        /**
         * @param offset   the record's offset
         * @param priority its priority
         * @return whether it stays
         */
        boolean test(long offset, Priority priority);
    }

    /**
     * What a rewrite did.
     *
     * @param kept          the new segment (open, not mapped), or {@code null} when nothing was kept and the file is gone
     * @param droppedRecords records not kept
     * @param droppedTelemetry of those, telemetry not yet delivered
     */
    record Result(SegmentFile kept, int droppedRecords, long droppedTelemetry) {
    }

    private SegmentRewriter() {
    }

    /**
     * @param s            a sealed segment (its channel is closed by the rewrite unless nothing would change)
     * @param keep         which records stay
     * @param cursor       first offset not delivered (to count undelivered telemetry dropped)
     * @param segmentBytes largest record
     * @param scratch      a read buffer
     * @return what was done; {@code kept == s} when every record stays (nothing rewritten)
     * @throws IOException if the files cannot be written
     */
    static Result rewrite(SegmentFile s, Keep keep, long cursor, int segmentBytes, ByteBuffer scratch) throws IOException {
        return rewrite(s, keep, cursor, segmentBytes, scratch, false);
    }

    /**
     * As {@link #rewrite(SegmentFile, Keep, long, int, ByteBuffer)}, but {@code always}: rewrites even when every valid
     * record stays (a repair drops the damaged bytes between them).
     */
    static Result rewrite(SegmentFile s, Keep keep, long cursor, int segmentBytes, ByteBuffer scratch, boolean always)
            throws IOException {
        Path tmp = s.path.resolveSibling(s.path.getFileName() + TMP);
        // sealed records are copied byte for byte (their offsets stay, so they still open): the segment stays sealed
        byte format = s.format == SegmentHeader.SEALED ? SegmentHeader.SEALED : SegmentHeader.FORMAT;
        SegmentFile kept = new SegmentFile(s.base, s.path, null, format);
        long droppedTelemetry = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer header = SegmentHeader.bytes(s.base, format);
            long at = 0;
            while (header.hasRemaining()) {
                at += out.write(header, at);
            }
            RecordScanner sc = new RecordScanner(s.channel, s.dataStart(), s.size, segmentBytes, Long.MIN_VALUE + 1, scratch);
            while (sc.next()) {
                if (keep.test(sc.offset, sc.priority)) {
                    ByteBuffer raw = sc.raw();
                    while (raw.hasRemaining()) {
                        at += out.write(raw, at);
                    }
                    kept.count(sc.offset, sc.priority);
                } else if (sc.offset >= cursor && sc.priority == Priority.TELEMETRY) {
                    droppedTelemetry++;
                }
            }
            kept.size = at;
            out.force(true);
        } catch (IOException | RuntimeException e) {
            // no room for the rewrite (a full device): the original stays whole
            Files.deleteIfExists(tmp);
            throw e;
        }
        int dropped = s.records - kept.records;
        if (dropped == 0 && !always) {
            Files.delete(tmp);
            return new Result(s, 0, 0);
        }
        s.close(false);
        if (kept.records == 0) {
            Files.delete(tmp);
            Files.delete(s.path);
            return new Result(null, dropped, droppedTelemetry);
        }
        Files.move(tmp, s.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        kept.channel = FileChannel.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Result(kept, Math.max(0, dropped), droppedTelemetry);
    }
}
