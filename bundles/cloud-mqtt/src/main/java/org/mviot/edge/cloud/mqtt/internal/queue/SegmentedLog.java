package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-and-forward queue: a segmented append-only log on disk (CommR-RecR-1).
 *
 * <ul>
 * <li>Every record carries a CRC32C. Opening the log recovers it: each segment is read up to its
 * last valid record and a torn tail (a write cut short by a crash or power loss) is truncated.</li>
 * <li>{@link #append} copies the record into the active segment, which is mapped into memory: the
 * bytes are in the kernel's page cache when it returns, without a system call per record, so the
 * record survives {@code kill -9} of the gateway; {@link #sync} (called every fsync interval: group
 * commit) forces it to the device so it survives power loss, and records how far delivery has come
 * (the cursor). The active segment's file is sized to a whole segment while it is written (the tail
 * is a sparse hole, which costs no disk blocks) and cut to its records when it is sealed or closed;
 * a zero tail found on recovery is that hole, not damage.</li>
 * <li>A record leaves only when delivery reaches past it ({@link #release}); whole delivered
 * segments are then deleted.</li>
 * <li>Bounded in bytes and records. When full, the oldest segment holding telemetry is compacted:
 * its telemetry and delivered records go, its {@link Priority#KEEP} records (alarms, definitions,
 * command responses) stay in place, so order is kept. A telemetry append that finds nothing left
 * to free is refused; a KEEP append is never refused.</li>
 * </ul>
 *
 * Offsets grow by one per append and are never reused, so they give the order of the records.
 */
public final class SegmentedLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
    private static final String SUFFIX = ".seg";
    private static final String TMP = ".tmp";
    private static final String CURSOR = "cursor";
    /** Most time between two writes of a changed delivery cursor. */
    static final long CURSOR_PERSIST_MILLIS = 5_000;

    private static final class Segment {
        final long base;
        final Path path;
        FileChannel channel;
        /** The writable mapping of the whole segment while it is the one appended to, else {@code null}. */
        MappedByteBuffer map;
        long size;
        long first = -1;
        long last = -1;
        int records;
        int telemetry;

        Segment(long base, Path path, FileChannel channel) {
            this.base = base;
            this.path = path;
            this.channel = channel;
        }

        void count(long offset, Priority p) {
            if (first < 0) {
                first = offset;
            }
            last = offset;
            records++;
            if (p == Priority.TELEMETRY) {
                telemetry++;
            }
        }
    }

    private final QueueOptions options;
    private final List<Segment> segments = new ArrayList<>();
    /** Sealed segments with undelivered records the next commit must force (guarded by this). */
    private final List<Segment> sealedUnforced = new ArrayList<>();
    private final FileChannel cursorChannel;
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
    private boolean directoryChanged;
    private boolean overfullReported;
    private Segment readSegment;
    private long readPosition;
    private long readNext = -1;
    private boolean closed;

    private SegmentedLog(QueueOptions options, FileChannel cursorChannel) {
        this.options = options;
        this.cursorChannel = cursorChannel;
    }

    /**
     * Opens the log in its directory, creating it or recovering what a previous run left.
     *
     * @param options layout and bounds
     * @return the log
     * @throws IOException if the directory cannot be used
     */
    public static SegmentedLog open(QueueOptions options) throws IOException {
        if (!Files.isDirectory(options.dir())) {
            Files.createDirectories(options.dir());
            // the new directory's entry in its parent must reach the device too, or power loss can lose the whole queue
            forceDirectory(options.dir().toAbsolutePath().getParent());
        }
        FileChannel cursorChannel = FileChannel.open(options.dir().resolve(CURSOR),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        SegmentedLog log = new SegmentedLog(options, cursorChannel);
        try {
            log.recover();
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    private void recover() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(options.dir())) {
            s.forEach(files::add);
        }
        files.sort(null);
        long truncatedBytes = 0;
        long lastOffset = -1;
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.endsWith(TMP)) {
                // a compaction that did not finish: the original segment is still whole
                Files.delete(p);
                continue;
            }
            if (!name.endsWith(SUFFIX)) {
                continue;
            }
            long base = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Segment seg = new Segment(base, p, ch);
            long fileSize = ch.size();
            RecordScanner sc = new RecordScanner(ch, 0, fileSize, options.segmentBytes(), scratch);
            while (sc.next()) {
                if (sc.offset <= lastOffset) {
                    sc.problem = "offset " + sc.offset + " does not follow " + lastOffset;
                    sc.position = sc.recordStart;
                    break;
                }
                lastOffset = sc.offset;
                seg.count(sc.offset, sc.priority);
            }
            seg.size = sc.position;
            if (sc.position < fileSize && zeroFrom(ch, sc.position, fileSize)) {
                // the unwritten, preallocated tail of the segment that was active when the gateway stopped
                ch.truncate(sc.position);
            } else if (sc.position < fileSize) {
                truncatedBytes += fileSize - sc.position;
                LOG.warn("queue segment {}: {} at byte {}; truncated {} bytes after the last valid record (a write cut short by a crash)",
                        p, sc.problem == null ? "trailing bytes" : sc.problem, sc.position, fileSize - sc.position);
                ch.truncate(sc.position);
                ch.force(true);
            }
            if (seg.records == 0 && !files.isEmpty()) {
                ch.close();
                Files.delete(p);
                directoryChanged = true;
                continue;
            }
            segments.add(seg);
            totalBytes += seg.size;
            totalRecords += seg.records;
        }
        nextOffset = lastOffset + 1;
        long stored = readCursor();
        long firstStored = segments.isEmpty() ? nextOffset : segments.get(0).first;
        cursor = stored < 0 ? firstStored : Math.max(Math.min(stored, nextOffset), 0);
        nextOffset = Math.max(nextOffset, cursor);
        persistedCursor = stored;
        if (!segments.isEmpty() || truncatedBytes > 0) {
            LOG.info("queue {} recovered: {} records in {} segments, {} not yet delivered", options.dir(), totalRecords,
                    segments.size(), Math.max(0, nextOffset - cursor));
        }
    }

    /** Whether every byte of the file from {@code from} to {@code to} is zero. */
    private boolean zeroFrom(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer b = scratch;
        long at = from;
        while (at < to) {
            b.clear().limit((int) Math.min(b.capacity(), to - at));
            int n = ch.read(b, at);
            if (n <= 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            at += n;
        }
        return true;
    }

    private long readCursor() throws IOException {
        if (cursorChannel.size() < 12) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.allocate(12);
        while (b.hasRemaining() && cursorChannel.read(b, b.position()) >= 0) {
            // fill
        }
        long value = b.getLong(0);
        crc.reset();
        crc.update(b.array(), 0, 8);
        if ((int) crc.getValue() != b.getInt(8)) {
            LOG.warn("queue cursor file {} is damaged: everything still stored will be sent again", options.dir().resolve(CURSOR));
            return -1;
        }
        return value;
    }

    /**
     * Appends a record. It is in the file (safe from a crash of the gateway) when this returns; it
     * is on the device after the next {@link #sync}.
     *
     * @param payload  the bytes
     * @param priority what may be done with it when the queue is full
     * @return its offset, or {@code -1} when it is telemetry and the queue is full of records that
     *         must not be dropped
     * @throws IOException if the disk fails
     */
    public synchronized long append(byte[] payload, Priority priority) throws IOException {
        ensureOpen();
        int bodyLength = RecordScanner.BODY_FIXED + payload.length;
        int total = RecordScanner.HEADER + bodyLength;
        if (total > options.segmentBytes()) {
            throw new IllegalArgumentException("a queue record of " + total + " bytes exceeds the segment size " + options.segmentBytes());
        }
        if (!makeRoom(total, priority)) {
            return -1;
        }
        Segment active = active();
        if (active == null || active.size + total > options.segmentBytes()) {
            active = roll();
        }
        if (active.map == null) {
            map(active);
        }
        long offset = nextOffset;
        if (writeBuffer.capacity() < total) {
            writeBuffer = ByteBuffer.allocate(Math.max(total, writeBuffer.capacity() * 2));
        }
        ByteBuffer b = writeBuffer.clear();
        b.putInt(bodyLength).putInt(0).putLong(offset).put((byte) priority.ordinal()).put(payload);
        crc.reset();
        crc.update(b.array(), RecordScanner.HEADER, bodyLength);
        b.putInt(4, (int) crc.getValue());
        try {
            active.map.put((int) active.size, b.array(), 0, total);
        } catch (InternalError e) {
            // the JVM's answer to SIGBUS: the file system could not back the page (device full)
            throw new IOException("queue segment " + active.path + " cannot be written (is the device full?): " + e.getMessage(), e);
        }
        nextOffset++;
        active.size += total;
        active.count(offset, priority);
        totalBytes += total;
        totalRecords++;
        return offset;
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

    /** Frees the oldest segment that holds delivered records or telemetry; false if none does. */
    private boolean freeOldest() throws IOException {
        for (Segment s : List.copyOf(segments)) {
            if (s.records == 0) {
                continue;
            }
            if (s.last < cursor && s != active()) {
                delete(s);
                return true;
            }
            if (s.telemetry > 0 || s.first < cursor) {
                if (s == active()) {
                    roll();
                }
                return compact(s);
            }
        }
        return false;
    }

    /** Rewrites a sealed segment keeping only undelivered KEEP records; replaces it atomically. */
    private boolean compact(Segment s) throws IOException {
        Path tmp = s.path.resolveSibling(s.path.getFileName() + TMP);
        Segment kept = new Segment(s.base, s.path, null);
        long droppedTelemetry = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            RecordScanner sc = new RecordScanner(s.channel, 0, s.size, options.segmentBytes(), scratch);
            long at = 0;
            while (sc.next()) {
                if (sc.offset >= cursor && sc.priority == Priority.KEEP) {
                    ByteBuffer raw = sc.raw();
                    while (raw.hasRemaining()) {
                        at += out.write(raw, at);
                    }
                    kept.count(sc.offset, sc.priority);
                } else if (sc.offset >= cursor) {
                    droppedTelemetry++;
                }
            }
            kept.size = at;
            out.force(true);
        }
        int freedRecords = s.records - kept.records;
        if (freedRecords == 0) {
            Files.delete(tmp);
            return false;
        }
        s.channel.close();
        if (readSegment == s) {
            readSegment = null;
        }
        int index = segments.indexOf(s);
        totalBytes -= s.size - kept.size;
        totalRecords -= freedRecords;
        droppedRecords += droppedTelemetry;
        directoryChanged = true;
        if (kept.records == 0) {
            Files.delete(tmp);
            Files.delete(s.path);
            segments.remove(index);
        } else {
            Files.move(tmp, s.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            kept.channel = FileChannel.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            segments.set(index, kept);
        }
        if (droppedTelemetry > 0) {
            LOG.warn("queue {} full ({} bytes / {} records at most): dropped the {} oldest undelivered telemetry updates, kept {} alarms, definitions and responses",
                    options.dir(), options.maxBytes(), options.maxRecords(), droppedTelemetry, kept.records);
        }
        return true;
    }

    private void delete(Segment s) throws IOException {
        s.map = null;
        s.channel.close();
        Files.deleteIfExists(s.path);
        segments.remove(s);
        if (readSegment == s) {
            readSegment = null;
        }
        totalBytes -= s.size;
        totalRecords -= s.records;
        directoryChanged = true;
    }

    private Segment active() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /** Maps a whole segment for appending; the file grows to the segment size as a sparse hole. */
    private void map(Segment s) throws IOException {
        long needed = options.segmentBytes() - s.size;
        long usable = s.path.toFile().getUsableSpace();
        if (usable < needed) {
            throw new IOException("queue segment " + s.path + " needs " + needed + " bytes of free space, the device has " + usable);
        }
        s.map = s.channel.map(FileChannel.MapMode.READ_WRITE, 0, options.segmentBytes());
    }

    /**
     * Ends appending to a segment: cuts the file to its records. If it holds records not yet
     * delivered, the next commit forces it (not the append that rolled over: no device wait there);
     * a delivered one is deleted at the next commit, maybe before its pages are ever written.
     */
    private void seal(Segment s) throws IOException {
        if (s.map != null) {
            s.map = null;
            s.channel.truncate(s.size);
        }
        if (s.records > 0 && s.last >= Math.max(cursor, forcedUpTo)) {
            sealedUnforced.add(s);
        }
    }

    private Segment roll() throws IOException {
        Segment old = active();
        if (old != null) {
            seal(old);
        }
        Path p = options.dir().resolve(String.format("%020d%s", nextOffset, SUFFIX));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment s = new Segment(nextOffset, p, ch);
        segments.add(s);
        directoryChanged = true;
        return s;
    }

    /**
     * Reads records in order, starting at the first whose offset is at least {@code from}.
     *
     * @param from       smallest offset wanted
     * @param maxRecords most records to return
     * @return the records, possibly none
     * @throws IOException if the disk fails
     */
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
            position = 0;
        }
        while (index < segments.size() && out.size() < maxRecords) {
            Segment s = segments.get(index);
            RecordScanner sc = new RecordScanner(s.channel, position, s.size, options.segmentBytes(), scratch);
            while (out.size() < maxRecords && sc.next()) {
                if (sc.offset >= from) {
                    out.add(new Entry(sc.offset, sc.priority, sc.payload()));
                }
            }
            if (sc.problem != null) {
                throw new IOException("queue segment " + s.path + " is damaged at byte " + sc.position + ": " + sc.problem);
            }
            position = sc.position;
            readSegment = s;
            readPosition = position;
            if (out.size() < maxRecords && position >= s.size && index + 1 < segments.size()) {
                index++;
                position = 0;
            } else {
                break;
            }
        }
        readNext = out.isEmpty() ? from : out.get(out.size() - 1).offset() + 1;
        return out;
    }

    /**
     * Records that every record below an offset has been delivered (the broker acknowledged it).
     *
     * @param upTo the first offset not known to be delivered
     */
    public synchronized void release(long upTo) {
        if (upTo > cursor) {
            cursor = Math.min(upTo, nextOffset);
        }
    }

    /** @return the first offset not known to be delivered */
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
     * cloud recognise.
     *
     * @throws IOException if the disk fails
     */
    public void sync() throws IOException {
        sync(false);
    }

    private void sync(boolean closing) throws IOException {
        FileChannel activeChannel;
        List<FileChannel> sealed = new ArrayList<>();
        long c;
        long forcing;
        boolean dirChanged;
        synchronized (this) {
            if (closed) {
                return;
            }
            for (Segment s : List.copyOf(segments)) {
                if (s != active() && s.last < cursor) {
                    delete(s);
                }
            }
            Segment a = active();
            activeChannel = null;
            for (Segment s : toForce()) {
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
            ByteBuffer b = ByteBuffer.allocate(12);
            b.putLong(0, c);
            CRC32C sum = new CRC32C();
            sum.update(b.array(), 0, 8);
            b.putInt(8, (int) sum.getValue());
            synchronized (cursorChannel) {
                while (b.hasRemaining()) {
                    cursorChannel.write(b, b.position());
                }
                cursorChannel.force(false);
            }
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

    /** @return counts for the gateway twin, logs and benchmarks */
    public synchronized QueueStats stats() {
        return new QueueStats(totalRecords, totalBytes, segments.size(), Math.max(0, nextOffset - cursor), droppedRecords,
                nextOffset);
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

    /**
     * The segments the commit must force: those sealed since the last commit that still hold
     * undelivered records, and the active one when it holds undelivered records appended since the
     * last force. Called holding the lock.
     */
    private List<Segment> toForce() {
        List<Segment> out = new ArrayList<>();
        for (Segment s : sealedUnforced) {
            if (segments.contains(s) && s.last >= cursor) {
                out.add(s);
            }
        }
        Segment a = active();
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
                for (Segment s : segments) {
                    if (s.map != null) {
                        s.map = null;
                        s.channel.truncate(s.size);
                    }
                    s.channel.close();
                }
                cursorChannel.close();
            }
        }
    }

    /**
     * Counts of a queue.
     *
     * @param records      records stored (delivered ones linger until their segment goes)
     * @param bytes        bytes of the segment files
     * @param segments     segment files
     * @param undelivered  records appended and not yet delivered (an upper bound once telemetry was dropped)
     * @param dropped      telemetry records dropped because the queue was full
     * @param nextOffset   the offset the next append gets
     */
    public record QueueStats(long records, long bytes, int segments, long undelivered, long dropped, long nextOffset) {
    }
}
