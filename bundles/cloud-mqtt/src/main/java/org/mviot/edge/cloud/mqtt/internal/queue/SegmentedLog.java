package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.mviot.edge.cloud.mqtt.internal.seal.KeyUnavailableException;
import org.mviot.edge.cloud.mqtt.internal.seal.RecordSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-and-forward queue on disk: a segmented append-only log (CommR-RecR-1).
 *
 * <ul>
 * <li>Every record carries a CRC32C. Opening the log recovers it ({@link SegmentRecovery}): damage
 * is skipped to the next valid record and only the damaged records are lost; files that are not
 * segments go to {@code quarantine/}; a cursor that is missing, damaged or ahead of the log means
 * "resend everything stored".</li>
 * <li>{@link #append} copies the record into the active segment, which is mapped into memory
 * ({@link SegmentFile}): the bytes are in the kernel's page cache when it returns, without a system
 * call per record, so the record survives {@code kill -9}; {@link #sync} (the group commit) forces
 * it to the device. The active segment's file is a whole segment long while it is written (a sparse
 * hole) and cut to its records when sealed or closed; its mapping is released at once then.</li>
 * <li>A record leaves only when delivery reaches past it ({@link #release}); wholly delivered
 * segments are deleted at the next commit.</li>
 * <li>Bounded in bytes and records; when full, {@link RetentionPolicy} picks what goes: oldest
 * telemetry first, alarms, definitions and responses never.</li>
 * <li>A read-only directory is opened {@linkplain #openReadOnly read-only}: its records can be read
 * and delivered, nothing is written.</li>
 * <li>With sealing on ({@link QueueOptions#sealing()}), each new record's payload is encrypted with an
 * AEAD cipher ({@link RecordSealer}) in segments of format {@link SegmentHeader#SEALED}; a sealed
 * record that does not open (tampered with, moved, or sealed with another key) is skipped and
 * counted ({@link QueueStats#tampered()}), and the records after it are delivered. Sealed and plain
 * segments are both read, whatever the setting; sealed segments whose key is unavailable stop the
 * open ({@link KeyUnavailableException}) and are left as they are.</li>
 * </ul>
 *
 * Offsets grow by one per append and are never reused, so they give the order of the records.
 */
public final class SegmentedLog implements RecordQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
    /** Most time between two writes of a changed delivery cursor. */
    static final long CURSOR_PERSIST_MILLIS = 5_000;
    /** Cursors above this are damage, whatever their CRC says (offsets grow by one per append). */
    private static final long MAX_CURSOR = 1L << 60;

    private final QueueOptions options;
    private final boolean writable;
    private final List<SegmentFile> segments = new ArrayList<>();
    /** Sealed segments with undelivered records the next commit must force (guarded by this). */
    private final List<SegmentFile> sealedUnforced = new ArrayList<>();
    private final CursorFile cursorFile;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
    private ByteBuffer writeBuffer = ByteBuffer.allocate(4096);
    private long nextOffset;
    private long cursor;
    private long persistedCursor = -1;
    /** When the cursor was last written (System.nanoTime), by the committing thread. */
    private long cursorWrittenAt = System.nanoTime();
    /** Every record below this offset was forced to the device (or is delivered). */
    private long forcedUpTo;
    private long totalBytes;
    private long totalRecords;
    private long droppedRecords;
    private long lostRecords;
    private long damagedBytes;
    private int quarantined;
    private String problem = "";
    /** Why the last append failed, or {@code null} once one succeeds again. */
    private QueueStatus writeStatus;
    private boolean directoryChanged;
    private boolean overfullReported;
    private SegmentFile readSegment;
    private long readPosition;
    private long readNext = -1;
    private boolean closed;
    /** Opens sealed segments and seals new records when sealing is on; {@code null} when no segment is sealed. */
    private RecordSealer sealer;
    private long tampered;
    /** Sealed records at or below this offset that did not open were counted already (a later read meets them again). */
    private long tamperedCountedUpTo = -1;
    private long tamperedLoggedAt;
    /** Payloads sealed lately, so the uplink's read-back need not open them again (guarded by this). */
    private final RecentlySealed recentlySealed = new RecentlySealed(64, 1 << 20);

    private SegmentedLog(QueueOptions options, boolean writable, CursorFile cursorFile) {
        this.options = options;
        this.writable = writable;
        this.cursorFile = cursorFile;
    }

    /**
     * Opens the log in its directory, creating it or recovering what a previous run left.
     *
     * @param options layout and bounds
     * @return the log
     * @throws IOException if the directory cannot be written (see {@link #openReadOnly})
     */
    public static SegmentedLog open(QueueOptions options) throws IOException {
        if (!Files.isDirectory(options.dir())) {
            Files.createDirectories(options.dir());
            // the new directory's entry in its parent must reach the device too, or power loss can lose the whole queue
            forceDirectory(options.dir().toAbsolutePath().getParent());
        }
        return open(options, true);
    }

    /**
     * Opens a log whose directory cannot be written: its records can be read, nothing is changed
     * (no repair, no quarantine, no cursor written, appends refused).
     *
     * @param options layout and bounds
     * @return the log
     * @throws IOException if the directory cannot be read
     */
    public static SegmentedLog openReadOnly(QueueOptions options) throws IOException {
        return open(options, false);
    }

    private static SegmentedLog open(QueueOptions options, boolean writable) throws IOException {
        CursorFile cursorFile = CursorFile.open(options.dir(), writable);
        SegmentedLog log = new SegmentedLog(options, writable, cursorFile);
        try {
            log.recover();
            log.openSealer();
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    private void recover() throws IOException {
        SegmentRecovery.Result r = SegmentRecovery.recover(options, writable, scratch);
        segments.addAll(r.segments());
        for (SegmentFile s : segments) {
            totalBytes += s.size;
            totalRecords += s.records;
        }
        lostRecords = r.lostRecords();
        damagedBytes = r.damagedBytes();
        quarantined = r.quarantined();
        problem = r.problem();
        directoryChanged = r.changed();
        nextOffset = r.lastOffset() + 1;
        CursorFile.Reading stored = cursorFile.read();
        long firstStored = segments.isEmpty() ? nextOffset : segments.get(0).first;
        if (stored.value() < 0) {
            cursor = firstStored;
            if (!segments.isEmpty()) {
                cursorProblem(stored.problem());
            }
        } else if (segments.isEmpty()) {
            // everything was delivered and deleted: offsets go on from the cursor
            cursor = stored.value() > MAX_CURSOR ? 0 : stored.value();
            nextOffset = cursor;
        } else if (stored.value() > nextOffset) {
            cursor = firstStored;
            cursorProblem("the cursor file " + cursorFile.path() + " points to offset " + stored.value()
                    + ", beyond the last record stored (" + (nextOffset - 1) + ")");
        } else {
            // below the first stored record is fine: those were delivered and deleted
            cursor = Math.max(stored.value(), firstStored);
        }
        persistedCursor = stored.value();
        if (!segments.isEmpty() || lostRecords > 0 || quarantined > 0) {
            LOG.info("queue {} recovered: {} records in {} segments, {} not yet delivered", options.dir(), totalRecords,
                    segments.size(), Math.max(0, nextOffset - cursor));
        }
    }

    /** After recovery: the key is needed when segments are sealed or new records will be. */
    private void openSealer() throws IOException {
        long sealedSegments = segments.stream().filter(s -> s.format == SegmentHeader.SEALED).count();
        try {
            sealer = options.sealing().open(sealedSegments > 0, new SecureRandom());
        } catch (KeyUnavailableException e) {
            throw new KeyUnavailableException("queue " + options.dir() + " holds " + sealedSegments + " sealed segments and " + e.getMessage()
                    + ": they are kept on disk untouched; restore the key file and restart to deliver them");
        }
        if (sealer != null && !sealer.seals() && writable) {
            LOG.warn("queue {}: queue.encrypt is off, but {} segments hold sealed records: they are opened with the key {} and delivered; "
                    + "new records are stored in clear", options.dir(), sealedSegments, options.sealing().keyFile());
        } else if (sealer != null && sealer.seals() && segments.size() > sealedSegments) {
            LOG.info("queue {}: {} segments from before queue.encrypt was on hold records in clear: they are delivered as they are; "
                    + "new records are sealed", options.dir(), segments.size() - sealedSegments);
        }
    }

    private boolean sealsNew() {
        return sealer != null && sealer.seals();
    }

    private void cursorProblem(String why) {
        // after what recovery found, not instead of it
        String p = why + ": every record stored is sent again";
        problem = problem.isEmpty() ? p : problem + "; " + p;
        LOG.warn("queue {}: {}; every record stored is sent again (at-least-once)", options.dir(), why);
    }

    @Override
    public synchronized long append(byte[] payload, Priority priority) throws IOException {
        ensureOpen();
        if (!writable) {
            throw new IOException("queue directory " + options.dir() + " is read-only");
        }
        int bodyLength = RecordScanner.BODY_FIXED + (sealsNew() ? RecordSealer.sealedLength(payload.length) : payload.length);
        int total = RecordScanner.HEADER + bodyLength;
        if (total > options.segmentBytes() - SegmentHeader.LENGTH) {
            throw new IllegalArgumentException("a queue record of " + total + " bytes exceeds the segment size " + options.segmentBytes());
        }
        try {
            long offset;
            try {
                offset = appendOnce(payload, priority, bodyLength, total);
            } catch (IOException full) {
                // the device is full (or failing): free what the priorities allow, then try once more
                if (!freeOnDevice(priority)) {
                    throw full;
                }
                offset = appendOnce(payload, priority, bodyLength, total);
            }
            if (offset >= 0 && writeStatus != null) {
                LOG.info("queue {} takes records again", options.dir());
                writeStatus = null;
            }
            return offset;
        } catch (IOException e) {
            QueueStatus s = options.dir().toFile().getUsableSpace() < options.segmentBytes() ? QueueStatus.DEVICE_FULL
                    : QueueStatus.WRITE_FAILED;
            if (writeStatus != s) {
                LOG.error("queue {} cannot take records ({}): {}", options.dir(), s.twin(), e.getMessage());
            }
            writeStatus = s;
            String m = String.valueOf(e.getMessage());
            problem = m.contains(options.dir().toString()) ? m : "queue " + options.dir() + " cannot be written: " + m;
            throw e;
        }
    }

    private long appendOnce(byte[] payload, Priority priority, int bodyLength, int total) throws IOException {
        if (!makeRoom(total, priority)) {
            return -1;
        }
        SegmentFile active = active();
        // a segment is wholly sealed or wholly plain: a switch of queue.encrypt begins a new one
        if (active == null || active.size + total > options.segmentBytes() || sealsNew() != (active.format == SegmentHeader.SEALED)) {
            active = roll();
        }
        if (!active.mapped()) {
            active.map(options.segmentBytes());
        }
        long offset = nextOffset;
        if (writeBuffer.capacity() < total) {
            writeBuffer = ByteBuffer.allocate(Math.max(total, writeBuffer.capacity() * 2));
        }
        ByteBuffer b = writeBuffer.clear();
        b.putInt(bodyLength).putInt(0).putLong(offset).put(priority.code());
        if (sealsNew()) {
            sealer.seal(offset, priority.code(), payload, b);
        } else {
            b.put(payload);
        }
        crc.reset();
        crc.update(b.array(), RecordScanner.HEADER, bodyLength);
        b.putInt(4, (int) crc.getValue());
        active.put(b.array(), total);
        if (sealsNew()) {
            recentlySealed.put(offset, payload); // only once the offset is taken: a failed write reuses it
        }
        nextOffset++;
        active.size += total;
        active.count(offset, priority);
        totalBytes += total;
        totalRecords++;
        return offset;
    }

    /**
     * Frees space on a full device by priority: segments already delivered go first; for a record
     * that must not be dropped (alarm, definition, response) the oldest telemetry goes too, as when
     * the queue is at its bound. Telemetry itself frees only delivered segments: it is refused
     * before anything undelivered is dropped for it (the core holds it, coalesced).
     *
     * @return whether anything was freed
     */
    private boolean freeOnDevice(Priority priority) {
        boolean freed = false;
        try {
            for (SegmentFile s : List.copyOf(segments)) {
                if (s != active() && s.records > 0 && s.last < cursor) {
                    delete(s);
                    freed = true;
                }
            }
            // a new segment needs room for its mapping: free whole segments until it has it (or nothing may go)
            for (int i = 0; priority == Priority.KEEP && i < segments.size() && usable() < 2L * options.segmentBytes(); i++) {
                if (!freeOldest()) {
                    break;
                }
                freed = true;
                // the file system hands freed blocks back when its journal commits: make it commit now
                forceDirectory(options.dir());
            }
        } catch (IOException e) {
            // the rewrite itself found no room: nothing more can be done now
            LOG.warn("queue {}: no room to drop old telemetry for an alarm, definition or response: {}", options.dir(), e.getMessage());
        }
        if (freed) {
            forceDirectory(options.dir());
        }
        return freed;
    }

    private long usable() {
        return options.dir().toFile().getUsableSpace();
    }

    private boolean makeRoom(int bytes, Priority priority) throws IOException {
        while (totalBytes + bytes > options.maxBytes() || totalRecords + 1 > options.maxRecords()) {
            if (!freeOldest()) {
                if (priority == Priority.KEEP) {
                    if (!overfullReported) {
                        overfullReported = true;
                        LOG.warn("queue {} is full of alarms, definitions and command responses, which are never dropped: "
                                + "it grows beyond {} bytes / {} records until the link delivers them", options.dir(),
                                options.maxBytes(), options.maxRecords());
                    }
                    return true;
                }
                return false;
            }
        }
        overfullReported = false;
        return true;
    }

    /** Frees what {@link RetentionPolicy} picks; false if nothing may go. */
    private boolean freeOldest() throws IOException {
        RetentionPolicy.Choice c = RetentionPolicy.choose(segments, cursor);
        if (c == null) {
            return false;
        }
        if (c.action() == RetentionPolicy.Action.DELETE) {
            delete(c.segment());
            return true;
        }
        if (c.segment() == active()) {
            roll();
        }
        return compact(c.segment());
    }

    /** Rewrites a sealed segment keeping only undelivered KEEP records; replaces it atomically. */
    private boolean compact(SegmentFile s) throws IOException {
        long c = cursor;
        if (s.telemetry == s.records && s != active()) {
            // nothing in it stays: deleted without a rewrite, which a full device could not take
            long undelivered = s.first >= c ? s.records : Math.max(0, Math.min(s.records, s.last - c + 1));
            delete(s);
            droppedRecords += undelivered;
            if (undelivered > 0) {
                LOG.warn("queue {} full ({} bytes / {} records at most, or the device): dropped the {} oldest undelivered telemetry updates",
                        options.dir(), options.maxBytes(), options.maxRecords(), undelivered);
            }
            return true;
        }
        SegmentRewriter.Result r = SegmentRewriter.rewrite(s, (offset, p) -> offset >= c && p == Priority.KEEP, c,
                options.segmentBytes(), scratch);
        if (r.kept() == s) {
            return false;
        }
        if (readSegment == s) {
            readSegment = null;
        }
        sealedUnforced.remove(s);
        int index = segments.indexOf(s);
        totalBytes -= s.size - (r.kept() == null ? 0 : r.kept().size);
        totalRecords -= r.droppedRecords();
        droppedRecords += r.droppedTelemetry();
        directoryChanged = true;
        if (r.kept() == null) {
            segments.remove(index);
        } else {
            segments.set(index, r.kept());
        }
        if (r.droppedTelemetry() > 0) {
            LOG.warn("queue {} full ({} bytes / {} records at most): dropped the {} oldest undelivered telemetry updates, kept {} alarms, "
                    + "definitions and responses", options.dir(), options.maxBytes(), options.maxRecords(), r.droppedTelemetry(),
                    r.kept() == null ? 0 : r.kept().records);
        }
        return true;
    }

    private void delete(SegmentFile s) throws IOException {
        s.close(false);
        Files.deleteIfExists(s.path);
        segments.remove(s);
        sealedUnforced.remove(s);
        if (readSegment == s) {
            readSegment = null;
        }
        totalBytes -= s.size;
        totalRecords -= s.records;
        directoryChanged = true;
    }

    private SegmentFile active() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /**
     * Ends appending to a segment: releases its mapping and cuts the file to its records. If it
     * holds records not yet delivered, the next commit forces it (not the append that rolled over:
     * no device wait there); a delivered one is deleted at the next commit, maybe before its pages
     * are ever written.
     */
    private void seal(SegmentFile s) throws IOException {
        s.seal();
        if (s.records > 0 && s.last >= Math.max(cursor, forcedUpTo)) {
            sealedUnforced.add(s);
        }
    }

    private SegmentFile roll() throws IOException {
        SegmentFile old = active();
        if (old != null) {
            seal(old);
        }
        Path p = options.dir().resolve(String.format("%020d%s", nextOffset, SegmentRecovery.SUFFIX));
        byte format = sealsNew() ? SegmentHeader.SEALED : SegmentHeader.FORMAT;
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = SegmentHeader.bytes(nextOffset, format);
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
        } catch (IOException e) {
            ch.close();
            Files.deleteIfExists(p);
            throw e;
        }
        SegmentFile s = new SegmentFile(nextOffset, p, ch, format);
        s.size = SegmentHeader.LENGTH;
        segments.add(s);
        directoryChanged = true;
        return s;
    }

    @Override
    public synchronized List<Entry> read(long from, int maxRecords) throws IOException {
        ensureOpen();
        List<Entry> out = new ArrayList<>(Math.min(maxRecords, 256));
        int index;
        long position;
        if (readSegment != null && readNext == from && segments.contains(readSegment)) {
            index = segments.indexOf(readSegment);
            position = readPosition;
        } else {
            index = 0;
            while (index < segments.size() && (segments.get(index).records == 0 || segments.get(index).last < from)) {
                index++;
            }
            position = index < segments.size() ? segments.get(index).dataStart() : 0;
        }
        while (index < segments.size() && out.size() < maxRecords) {
            SegmentFile s = segments.get(index);
            if (!s.unreadable) {
                position = readSegment(s, position, from, maxRecords, out);
            } else {
                position = s.size;
            }
            readSegment = s;
            readPosition = position;
            if (out.size() < maxRecords && position >= s.size && index + 1 < segments.size()) {
                index++;
                position = segments.get(index).dataStart();
            } else {
                break;
            }
        }
        readNext = out.isEmpty() ? from : out.get(out.size() - 1).offset() + 1;
        return out;
    }

    /** Reads records of one segment from a position; damage is skipped and counted once; returns where it stopped. */
    private long readSegment(SegmentFile s, long position, long from, int maxRecords, List<Entry> out) throws IOException {
        RecordScanner sc = new RecordScanner(s.channel, position, s.size, options.segmentBytes(), Long.MIN_VALUE + 1, scratch);
        try {
            while (out.size() < maxRecords && sc.next()) {
                if (sc.offset >= from) {
                    byte[] payload = s.format == SegmentHeader.SEALED ? open(s, sc) : sc.payload();
                    if (payload != null) {
                        out.add(new Entry(sc.offset, sc.priority, payload));
                    }
                }
            }
        } catch (ClosedChannelException e) {
            ensureOpen();
            throw e;
        } catch (IOException e) {
            // the device cannot read it (EIO): what is readable elsewhere is still delivered
            s.unreadable = true;
            long lost = s.last - Math.max(from, s.first) + 1;
            lostRecords += Math.max(1, lost);
            problem = "segment " + s.path.getFileName() + " cannot be read: " + e.getMessage();
            LOG.error("queue segment {} cannot be read ({}); its {} records from offset {} are skipped", s.path, e.getMessage(),
                    Math.max(1, lost), Math.max(from, s.first));
            return s.size;
        }
        if (!sc.damage.isEmpty() && !s.damageCounted) {
            // damaged since it was opened (a repaired or read-only segment was counted then)
            s.damageCounted = true;
            for (RecordScanner.Damage d : sc.damage) {
                damagedBytes += d.bytes();
                long n = d.offsetAfter() >= 0 && d.offsetBefore() != Long.MIN_VALUE ? d.offsetAfter() - d.offsetBefore() - 1 : 1;
                lostRecords += Math.max(1, n);
                problem = "segment " + s.path.getFileName() + ": " + d.problem() + " at byte " + d.from() + " (found while reading)";
                LOG.error("queue segment {}: {} at byte {}; {} damaged bytes skipped", s.path, d.problem(), d.from(), d.bytes());
            }
        }
        // at the end of the segment when the scan ran out, else just after the last record returned
        return sc.position;
    }

    /** Opens a sealed record; one that does not open is counted once and skipped ({@code null}). */
    private byte[] open(SegmentFile s, RecordScanner sc) {
        byte[] sealedHere = recentlySealed.take(sc.offset);
        if (sealedHere != null) {
            return sealedHere;
        }
        try {
            return sealer.open(sc.offset, sc.priority.code(), sc.buffer().array(), sc.payloadIndex, sc.payloadLength);
        } catch (GeneralSecurityException e) {
            if (sc.offset > tamperedCountedUpTo) {
                tamperedCountedUpTo = sc.offset;
                tampered++;
                problem = "sealed record " + sc.offset + " in segment " + s.path.getFileName()
                        + " does not open (changed, moved or sealed with another key): skipped";
                long now = System.nanoTime();
                if (tampered == 1 || now - tamperedLoggedAt >= 10_000_000_000L) {
                    // at most one line per 10 s: a tampered file must not flood the log
                    tamperedLoggedAt = now;
                    LOG.error("queue {}: {}; {} such records so far ({})", options.dir(), problem, tampered, e.getClass().getSimpleName());
                }
            }
            return null;
        }
    }

    @Override
    public synchronized void release(long upTo) {
        if (upTo > cursor) {
            cursor = Math.min(upTo, nextOffset);
        }
    }

    @Override
    public synchronized long cursor() {
        return cursor;
    }

    /**
     * The group commit: forces the records appended since the last commit and not yet delivered to
     * the device, deletes segments that are wholly delivered and, every few seconds, persists the
     * delivery cursor.
     *
     * <p>Records delivered before the commit are not forced: nothing needs them after a power loss,
     * and a delivered segment deleted before the kernel writes its pages back never reaches the
     * device at all (less wear on an SD card when the link keeps up). The cursor is written at most
     * every {@value #CURSOR_PERSIST_MILLIS} ms (and at close): after a power loss, the updates
     * delivered in those last seconds are sent again, which the per-thing sequence numbers let the
     * cloud recognise. A read-only log does nothing here.
     *
     * @throws IOException if the disk fails
     */
    @Override
    public void sync() throws IOException {
        sync(false);
    }

    private void sync(boolean closing) throws IOException {
        if (!writable) {
            return;
        }
        FileChannel activeChannel;
        List<FileChannel> sealed = new ArrayList<>();
        long c;
        long forcing;
        boolean dirChanged;
        synchronized (this) {
            if (closed) {
                return;
            }
            for (SegmentFile s : List.copyOf(segments)) {
                if (s != active() && s.last < cursor) {
                    delete(s);
                }
            }
            SegmentFile a = active();
            activeChannel = null;
            for (SegmentFile s : toForce()) {
                if (s == a) {
                    activeChannel = s.channel;
                } else {
                    sealed.add(s.channel);
                }
            }
            sealedUnforced.clear();
            forcing = nextOffset;
            c = cursor;
            dirChanged = directoryChanged;
            directoryChanged = false;
        }
        for (FileChannel ch : sealed) {
            try {
                ch.force(false);
            } catch (ClosedChannelException e) {
                // compacted meanwhile (the compaction forced what it kept) or delivered and deleted
            }
        }
        try {
            if (activeChannel != null) {
                // fdatasync: on Linux it also writes the pages changed through the segment's mapping
                activeChannel.force(false);
            }
            forced(forcing);
        } catch (ClosedChannelException e) {
            // compacted meanwhile: the compaction forced what it kept
        }
        long now = System.nanoTime();
        if (c != persistedCursor && (closing || now - cursorWrittenAt >= CURSOR_PERSIST_MILLIS * 1_000_000L)) {
            cursorWrittenAt = now;
            cursorFile.write(c);
            persistedCursor = c;
        }
        if (dirChanged) {
            forceDirectory(options.dir());
        }
    }

    /** Forces a directory's entries to the device (new and deleted files), where the file system can. */
    private static void forceDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the files themselves are synced
        }
    }

    @Override
    public synchronized QueueStats stats() {
        QueueStatus status = !writable ? QueueStatus.READ_ONLY : writeStatus != null ? writeStatus : QueueStatus.OK;
        return new QueueStats(totalRecords, totalBytes, segments.size(), Math.max(0, nextOffset - cursor), droppedRecords, nextOffset,
                status, lostRecords, damagedBytes, quarantined, problem, tampered, sealsNew() ? sealer.writeCipher().setting() : "off",
                backlogBytes());
    }

    /** Bytes of the undelivered records, about: the cursor's segment counts in proportion to its records after the cursor. */
    private long backlogBytes() {
        if (nextOffset <= cursor) {
            return 0;
        }
        long sum = 0;
        for (SegmentFile s : segments) {
            if (s.records == 0 || s.last < cursor) {
                continue;
            }
            if (s.first >= cursor) {
                sum += s.size;
            } else {
                sum += s.size * (s.last - cursor + 1) / (s.last - s.first + 1);
            }
        }
        // segment sizes count their headers, the queue's total does not
        return Math.min(sum, totalBytes);
    }

    /** @return whether this log may write its directory */
    public boolean writable() {
        return writable;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    /** @return the segment files whose undelivered records the next commit must force (for tests) */
    synchronized List<Path> awaitingForce() {
        return toForce().stream().map(s -> s.path).toList();
    }

    /** @return how many segments are mapped now (for tests: only the active one may be) */
    synchronized int mappedSegments() {
        return (int) segments.stream().filter(SegmentFile::mapped).count();
    }

    /**
     * The segments the commit must force: those sealed since the last commit that still hold
     * undelivered records, and the active one when it holds undelivered records appended since the
     * last force. Called holding the lock.
     */
    private List<SegmentFile> toForce() {
        List<SegmentFile> out = new ArrayList<>();
        for (SegmentFile s : sealedUnforced) {
            if (segments.contains(s) && s.last >= cursor) {
                out.add(s);
            }
        }
        SegmentFile a = active();
        long durableOrDelivered = Math.max(cursor, forcedUpTo);
        if (a != null && a.records > 0 && a.last >= durableOrDelivered) {
            out.add(a);
        }
        return out;
    }

    private synchronized void forced(long upTo) {
        forcedUpTo = Math.max(forcedUpTo, upTo);
    }

    @Override
    public void close() throws IOException {
        try {
            sync(true);
        } finally {
            synchronized (this) {
                closed = true;
                recentlySealed.clear();
                IOException failure = null;
                for (SegmentFile s : segments) {
                    try {
                        s.close(writable);
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                cursorFile.close();
                if (failure != null) {
                    throw failure;
                }
            }
        }
    }
}
