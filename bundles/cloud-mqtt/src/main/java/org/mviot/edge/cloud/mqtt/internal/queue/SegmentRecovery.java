package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening a queue directory: finds its segments, checks every record and loses only what is
 * damaged (issue 17, item 5).
 *
 * <ul>
 * <li>Each segment is scanned with resynchronisation ({@link RecordScanner}): a damaged stretch is
 * skipped and the records behind it kept. A writable queue rewrites a damaged segment with its
 * intact records ({@link SegmentRewriter}); a read-only one reads around the damage.</li>
 * <li>Lost records are counted from the gap in offsets around each damaged stretch (an upper bound:
 * telemetry dropped by compaction leaves gaps too) and logged with the file, the byte range and why.</li>
 * <li>A file that is not a queue file, a segment name that does not parse, a file that holds no
 * valid record, or a segment of a newer format is moved to {@code quarantine/} with a log line;
 * never fatal. A zero-filled or empty segment (the active one's hole after a kill) is deleted.</li>
 * </ul>
 */
final class SegmentRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentRecovery.class);
    /** Where files that are not valid segments are moved. */
    static final String QUARANTINE = "quarantine";
    static final String SUFFIX = ".seg";

    /**
     * What was found.
     *
     * @param segments     valid segments, oldest first, open
     * @param lastOffset   the highest offset found, or -1
     * @param lostRecords  at most this many records lost to damage
     * @param damagedBytes bytes of damaged stretches
     * @param quarantined  files moved aside (or ignored when read-only)
     * @param problem      the last problem, or empty
     * @param changed      whether the directory's entries changed (a deletion, a rewrite, a quarantine)
     */
    record Result(List<SegmentFile> segments, long lastOffset, long lostRecords, long damagedBytes, int quarantined, String problem,
                  boolean changed) {
    }

    private final QueueOptions options;
    private final boolean writable;
    private final ByteBuffer scratch;
    private final List<SegmentFile> segments = new ArrayList<>();
    private long lastOffset = -1;
    private long lostRecords;
    private long damagedBytes;
    private int quarantined;
    private String problem = "";
    private boolean changed;
    /** A damaged stretch at the end of the previous segment: its loss is known once the next record is. */
    private RecordScanner.Damage openEnded;
    private Path openEndedFile;

    private SegmentRecovery(QueueOptions options, boolean writable, ByteBuffer scratch) {
        this.options = options;
        this.writable = writable;
        this.scratch = scratch;
    }

    /**
     * @param options  the queue's layout
     * @param writable whether files may be repaired, deleted and moved
     * @param scratch  a read buffer
     * @return what was found
     * @throws IOException if the directory cannot be listed
     */
    static Result recover(QueueOptions options, boolean writable, ByteBuffer scratch) throws IOException {
        return new SegmentRecovery(options, writable, scratch).run();
    }

    private record Candidate(Path path, long base) {
    }

    private Result run() throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(options.dir())) {
            s.forEach(files::add);
        }
        files.sort(null);
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.equals(CursorFile.NAME) || name.startsWith(".") || name.endsWith(".lock") || Files.isDirectory(p)) {
                continue;
            }
            if (name.endsWith(SegmentRewriter.TMP)) {
                // a compaction or repair that did not finish: the original segment is still whole
                if (writable) {
                    Files.deleteIfExists(p);
                    changed = true;
                }
                continue;
            }
            long base = name.endsWith(SUFFIX) ? parseBase(name.substring(0, name.length() - SUFFIX.length())) : -1;
            if (base < 0 || !Files.isRegularFile(p)) {
                quarantine(p, "it is not a queue segment (segments are named <20-digit offset>" + SUFFIX + ")");
                continue;
            }
            candidates.add(new Candidate(p, base));
        }
        candidates.sort(Comparator.comparingLong(Candidate::base));
        for (Candidate c : candidates) {
            scan(c);
        }
        if (openEnded != null) {
            // damage at the very end of the log: at least the record it held is gone
            lost(openEnded, openEndedFile, 1);
        }
        return new Result(List.copyOf(segments), lastOffset, lostRecords, damagedBytes, quarantined, problem, changed);
    }

    private void scan(Candidate c) throws IOException {
        FileChannel ch;
        try {
            ch = writable ? FileChannel.open(c.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(c.path(), StandardOpenOption.READ);
        } catch (IOException e) {
            quarantine(c.path(), "it cannot be opened: " + e.getMessage());
            return;
        }
        boolean keep = false;
        try {
            int format = SegmentHeader.format(ch);
            if (format > SegmentHeader.LATEST) {
                ch.close();
                quarantine(c.path(), "it was written by a newer queue format " + format);
                return;
            }
            SegmentFile seg = new SegmentFile(c.base(), c.path(), ch, format);
            long fileSize = ch.size();
            RecordScanner sc = new RecordScanner(ch, seg.dataStart(), fileSize, options.segmentBytes(), lastOffset + 1, scratch);
            long end = seg.dataStart();
            while (sc.next()) {
                if (openEnded != null) {
                    lost(openEnded, openEndedFile, sc.offset - openEnded.offsetBefore() - 1);
                    openEnded = null;
                }
                seg.count(sc.offset, sc.priority);
                end = sc.position;
            }
            if (seg.records == 0) {
                ch.close();
                if (sc.damage.isEmpty()) {
                    // empty or zero-filled: a segment begun just before the gateway stopped
                    if (writable) {
                        Files.deleteIfExists(c.path());
                        changed = true;
                    }
                } else {
                    quarantine(c.path(), "it holds no valid record (" + sc.damage.get(0).problem() + " at byte "
                            + sc.damage.get(0).from() + ")");
                }
                return;
            }
            for (RecordScanner.Damage d : sc.damage) {
                long before = Math.max(d.offsetBefore(), c.base() - 1);
                RecordScanner.Damage counted = new RecordScanner.Damage(d.from(), d.to(), d.problem(), before, d.offsetAfter());
                if (d.offsetAfter() >= 0) {
                    lost(counted, c.path(), d.offsetAfter() - before - 1);
                } else {
                    openEnded = counted;
                    openEndedFile = c.path();
                }
            }
            lastOffset = seg.last;
            seg.size = end;
            boolean tailOnly = sc.damage.size() == 1 && sc.damage.get(0).offsetAfter() < 0;
            if (!sc.damage.isEmpty()) {
                seg.damageCounted = true;
            }
            if (tailOnly && writable) {
                // a torn tail (a write cut short) or bytes appended after the last record: cut them off
                ch.truncate(end);
                ch.force(true);
            } else if (!sc.damage.isEmpty()) {
                if (writable) {
                    seg.size = fileSize;
                    SegmentRewriter.Result r = SegmentRewriter.rewrite(seg, (o, p) -> true, Long.MAX_VALUE, options.segmentBytes(),
                            scratch, true);
                    seg = r.kept();
                    changed = true;
                    LOG.warn("queue segment {} repaired: rewritten with its {} intact records", c.path(), seg.records);
                }
            } else if (end < fileSize && writable) {
                // the zero tail of the segment that was active when the gateway stopped (its unwritten hole)
                ch.truncate(end);
            }
            segments.add(seg);
            keep = true;
        } finally {
            if (!keep && ch.isOpen()) {
                ch.close();
            }
        }
    }

    /** Counts a damaged stretch; {@code records} is the gap in offsets around it (0 when only bytes between records were hit). */
    private void lost(RecordScanner.Damage d, Path file, long records) {
        long n = Math.max(0, records);
        lostRecords += n;
        damagedBytes += d.bytes();
        String range = d.offsetAfter() >= 0 ? "offsets " + (d.offsetBefore() + 1) + ".." + (d.offsetAfter() - 1)
                : "after offset " + d.offsetBefore();
        if (d.offsetAfter() < 0) {
            problem = "segment " + file.getFileName() + ": " + d.problem() + " at byte " + d.from() + "; " + d.bytes()
                    + " bytes after its last valid record truncated, at most " + n + " records lost (" + range + ")";
            LOG.warn("queue segment {}: {} at byte {}; truncated {} bytes after the last valid record (a write cut short by a crash, "
                    + "or bytes added): at most {} records lost ({})", file, d.problem(), d.from(), d.bytes(), n, range);
            return;
        }
        problem = "segment " + file.getFileName() + ": " + d.problem() + " at byte " + d.from() + "; " + d.bytes()
                + " bytes skipped, at most " + n + " records lost (" + range + ")";
        LOG.warn("queue segment {}: {} at byte {}; skipped {} damaged bytes to the next valid record: at most {} records lost ({})",
                file, d.problem(), d.from(), d.bytes(), n, range);
    }

    private void quarantine(Path p, String why) {
        quarantined++;
        changed = true;
        String name = p.getFileName().toString();
        if (!writable) {
            problem = "file " + Printable.of(name) + " ignored: " + why;
            LOG.warn("queue file {} is ignored (the queue directory is read-only): {}", Printable.of(p.toString()), why);
            return;
        }
        try {
            Path dir = Files.createDirectories(options.dir().resolve(QUARANTINE));
            Path target = dir.resolve(name);
            for (int i = 1; Files.exists(target); i++) {
                target = dir.resolve(name + "." + i);
            }
            Files.move(p, target);
            problem = "file " + Printable.of(name) + " moved to " + QUARANTINE + "/: " + why;
            LOG.warn("queue file {} moved to {}: {}", Printable.of(p.toString()), Printable.of(target.toString()), why);
        } catch (IOException e) {
            problem = "file " + Printable.of(name) + " ignored: " + why;
            LOG.warn("queue file {} is ignored ({}; it could not be moved to {}/: {})", Printable.of(p.toString()), why, QUARANTINE,
                    e.getMessage());
        }
    }

    /** @return the offset a segment name gives, or -1 if it is not 1-20 decimal digits */
    private static long parseBase(String digits) {
        if (digits.isEmpty() || digits.length() > 20) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
