package org.mviot.edge.cloud.mqtt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;
import org.mviot.edge.cloud.mqtt.internal.queue.Entry;
import org.mviot.edge.cloud.mqtt.internal.queue.Priority;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOptions;
import org.mviot.edge.cloud.mqtt.internal.queue.SegmentedLog;

/**
 * Compares stores for the store-and-forward queue (not a test): {@link SegmentedLog}, H2 MVStore and
 * SQLite, each used the way the queue uses its store, with the same records and the same group
 * commit (every 200 ms, from a timer thread, forced to the device).
 *
 * <ul>
 * <li>backlog: N records appended as fast as possible, then read back in order in chunks of 1,000
 * and deleted as delivery would: appends/s, read+delete records/s, bytes written per record
 * ({@code write_bytes} of {@code /proc/self/io}: what this process sent towards the device, page
 * granular, counted when a page is dirtied), disk used (file lengths and allocated blocks);</li>
 * <li>steady: 1,000 records/s for 10 s (paced): with nothing delivered (offline), with every record
 * delivered and deleted within ~10 ms (online, PUBACK faster than the commit interval), and 1 s after
 * its append (online, slow link): bytes written per record, the figure that wears an SD card on a
 * steady gateway.</li>
 * </ul>
 * Run by {@code bench/stores.sh}, one JVM per store, pinned to one core.
 *
 * <p>Arguments: store ({@code log}, {@code mvstore}, {@code sqlite}), work directory (a fresh
 * directory is made under it and deleted afterwards), then optional N, steady rate, steady seconds.
 * Output: one {@code metric<TAB>value} line per figure.
 */
public final class StoreComparison {

    private static final long COMMIT_MS = 200;
    private static final int CHUNK = 1000;
    private static final int POOL = 10_000;
    private static final ThingId[] THINGS = new ThingId[10];

    static {
        for (int i = 0; i < THINGS.length; i++) {
            THINGS[i] = new ThingId("org.example.bench", "thing-" + i);
        }
    }

    private StoreComparison() {
    }

    /** A queue store as the uplink would use it. Offsets are 0, 1, 2, … in append order. */
    interface Store extends AutoCloseable {
        /** Appends the record with the next offset. */
        void append(byte[] payload, Priority priority) throws Exception;

        /** The group commit: what was appended or deleted so far survives power loss afterwards. */
        void commit() throws Exception;

        /**
         * Reads the next records in order (at most {@code max}), checks them against {@code pool},
         * and deletes them (marks them delivered).
         *
         * @return how many were delivered
         */
        int deliver(int max, byte[][] pool) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** Our queue: append (mapped segment), sync() = group commit, release() + sync() deletes delivered segments. */
    static final class LogStore implements Store {
        private final SegmentedLog log;
        private long next;

        LogStore(Path dir) throws IOException {
            // the gateway's default segment size (LinkConfig.queue_segment_bytes, 1 MiB); bounds high enough that nothing is dropped
            log = SegmentedLog.open(new QueueOptions(dir, 8L << 30, 50_000_000, 1024 * 1024));
        }

        @Override
        public void append(byte[] payload, Priority priority) throws IOException {
            if (log.append(payload, priority) < 0) {
                throw new IllegalStateException("log refused an append");
            }
        }

        @Override
        public void commit() throws IOException {
            log.sync();
        }

        @Override
        public int deliver(int max, byte[][] pool) throws IOException {
            List<Entry> got = log.read(next, max);
            for (Entry e : got) {
                check(e.offset(), next, e.payload(), 0, pool);
                next++;
            }
            log.release(next);
            return got.size();
        }

        @Override
        public void close() throws IOException {
            log.close();
        }
    }

    /**
     * H2 MVStore: one MVMap&lt;Long, byte[]&gt; keyed by offset (value = priority byte + payload), auto
     * commit off, {@code commit()} + {@code sync()} every interval: {@code commit()} writes a chunk but
     * does not force it ({@code MVStore.commit} never calls {@code FileChannel.force}), so without
     * {@code sync()} a power loss could lose more than the last interval.
     */
    static final class MvStore implements Store {
        private final MVStore store;
        private final MVMap<Long, byte[]> map;
        private long nextAppend;
        private long next;

        MvStore(Path dir) {
            store = new MVStore.Builder().fileName(dir.resolve("queue.mv.db").toString()).autoCommitDisabled().open();
            map = store.openMap("queue", new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE)
                    .valueType(ByteArrayDataType.INSTANCE));
        }

        @Override
        public void append(byte[] payload, Priority priority) {
            byte[] v = new byte[payload.length + 1];
            v[0] = (byte) priority.ordinal();
            System.arraycopy(payload, 0, v, 1, payload.length);
            map.put(nextAppend++, v);
        }

        @Override
        public void commit() {
            store.commit();
            store.sync();
        }

        @Override
        public int deliver(int max, byte[][] pool) {
            long first = next;
            Cursor<Long, byte[]> c = map.cursor(next);
            int n = 0;
            while (n < max && c.hasNext()) {
                long k = c.next();
                check(k, next, c.getValue(), 1, pool);
                next++;
                n++;
            }
            for (long k = first; k < next; k++) {
                map.remove(k);
            }
            return n;
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /**
     * SQLite (sqlite-jdbc, one connection): WAL, synchronous=FULL, one table, inserts in a transaction
     * committed every interval. FULL because in WAL mode it is what forces the WAL at each commit, so
     * a power loss loses at most the last interval, as with the others; NORMAL forces only at
     * checkpoints (a power loss may lose every commit since the last checkpoint, ~1,000 pages).
     * The connection is shared by the appender, the delivery and the commit timer: every use holds
     * its monitor (the timer's commit, with its fsync, blocks appends meanwhile: that is how SQLite
     * commits).
     */
    static final class SqliteStore implements Store {
        private final Connection conn;
        private final PreparedStatement insert;
        private final PreparedStatement select;
        private final PreparedStatement delete;
        private long nextAppend;
        private long next;

        SqliteStore(Path dir) throws SQLException {
            conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("queue.db"));
            try (Statement s = conn.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE queue (\"offset\" INTEGER PRIMARY KEY, priority INTEGER NOT NULL, payload BLOB NOT NULL)");
            }
            conn.setAutoCommit(false);
            insert = conn.prepareStatement("INSERT INTO queue (\"offset\", priority, payload) VALUES (?, ?, ?)");
            select = conn.prepareStatement("SELECT \"offset\", payload FROM queue WHERE \"offset\" >= ? ORDER BY \"offset\" LIMIT ?");
            delete = conn.prepareStatement("DELETE FROM queue WHERE \"offset\" < ?");
        }

        String pragmas() throws SQLException {
            StringBuilder b = new StringBuilder();
            try (Statement s = conn.createStatement()) {
                for (String p : new String[] {"journal_mode", "synchronous", "page_size", "wal_autocheckpoint", "secure_delete",
                    "auto_vacuum", "cache_size", "locking_mode"}) {
                    try (ResultSet r = s.executeQuery("PRAGMA " + p)) {
                        r.next();
                        b.append(b.length() == 0 ? "" : " ").append(p).append('=').append(r.getString(1));
                    }
                }
            }
            return b.toString();
        }

        @Override
        public synchronized void append(byte[] payload, Priority priority) throws SQLException {
            insert.setLong(1, nextAppend++);
            insert.setInt(2, priority.ordinal());
            insert.setBytes(3, payload);
            insert.executeUpdate();
        }

        @Override
        public synchronized void commit() throws SQLException {
            conn.commit();
        }

        @Override
        public synchronized int deliver(int max, byte[][] pool) throws SQLException {
            select.setLong(1, next);
            select.setInt(2, max);
            int n = 0;
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    check(r.getLong(1), next, r.getBytes(2), 0, pool);
                    next++;
                    n++;
                }
            }
            if (n > 0) {
                delete.setLong(1, next);
                delete.executeUpdate();
            }
            return n;
        }

        @Override
        public synchronized void close() throws SQLException {
            conn.commit();
            insert.close();
            select.close();
            delete.close();
            conn.close();
        }
    }

    private static void check(long offset, long expected, byte[] value, int skip, byte[][] pool) {
        byte[] want = pool[(int) (expected % pool.length)];
        if (offset != expected || value.length != want.length + skip
                || !Arrays.equals(value, skip, value.length, want, 0, want.length)) {
            throw new IllegalStateException("read back offset " + offset + " (expected " + expected + ") with other bytes than appended");
        }
    }

    /** Calls {@link Store#commit} every 200 ms from its own thread, as the gateway's timer does. */
    static final class Committer implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "group-commit");
            t.setDaemon(true);
            return t;
        });
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private long commits;

        Committer(Store store) {
            timer.scheduleAtFixedRate(() -> {
                try {
                    store.commit();
                    commits++;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, COMMIT_MS, COMMIT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            timer.shutdown();
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("group commit did not stop");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("group commit failed", failure.get());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String kind = args[0];
        Path work = Path.of(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        if (n < CHUNK || n > 5_000_000 || rate < 1 || rate > 100_000 || seconds < 1 || seconds > 120) {
            throw new IllegalArgumentException("bounds: 1,000 <= N <= 5,000,000, 1 <= rate <= 100,000, 1 <= seconds <= 120");
        }
        byte[][] pool = pool();
        report("record payload bytes (BinaryFormat, one change)", pool[0].length);
        footprint(kind);
        if (kind.equals("sqlite")) {
            // load the driver and extract its native library now, not inside a measured phase
            try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
                report("sqlite version", c.getMetaData().getDatabaseProductVersion());
            }
        }
        // what this JVM writes by itself while idle (should be 0: the script passes -XX:-UsePerfData)
        long idle = io()[0];
        Thread.sleep(2000);
        report("idle JVM bytes written in 2 s (noise floor)", io()[0] - idle);

        backlog(kind, work, n, pool);
        steady(kind, work, rate, seconds, -1, pool);
        steady(kind, work, rate, seconds, 0, pool);
        steady(kind, work, rate, seconds, 1000, pool);
    }

    private static byte[][] pool() {
        // distinct real updates (things, values, sequences, timestamps differ) cycled through, so that
        // the encoding is not part of the store's timing
        byte[][] pool = new byte[POOL][];
        long[] seqs = new long[THINGS.length];
        long ts = System.currentTimeMillis();
        for (int i = 0; i < POOL; i++) {
            int t = i % THINGS.length;
            pool[i] = BinaryFormat.encode(new TwinUpdate.Changes(THINGS[t], ++seqs[t], List.of(new PropertyChange("temperature", "value",
                    20.0 + (i % 100) / 10.0, ts + i, Quality.GOOD, TimeSource.SYNCED))));
        }
        return pool;
    }

    private static Store open(String kind, Path dir) throws Exception {
        Files.createDirectories(dir);
        return switch (kind) {
            case "log" -> new LogStore(dir);
            case "mvstore" -> new MvStore(dir);
            case "sqlite" -> new SqliteStore(dir);
            default -> throw new IllegalArgumentException("store: log, mvstore or sqlite, not " + kind);
        };
    }

    private static void backlog(String kind, Path work, int n, byte[][] pool) throws Exception {
        Path dir = Files.createTempDirectory(work, kind + "-backlog-");
        long heap0 = heapAfterGc();
        long[] open0 = io();
        Store store = open(kind, dir);
        if (store instanceof SqliteStore s) {
            report("sqlite settings", s.pragmas());
        }
        long[] w0 = io();
        long t0 = System.nanoTime();
        Committer committer = new Committer(store);
        for (int i = 0; i < n; i++) {
            store.append(pool[i % POOL], Priority.TELEMETRY);
        }
        store.commit();
        long t1 = System.nanoTime();
        long[] w1 = io();
        report("backlog: appends/s (" + n + " records, commit every 200 ms)", n / secs(t0, t1));
        report("backlog: bytes written per record, appends (/proc/self/io)", (w1[0] - w0[0]) / (double) n);
        report("backlog: disk used after appends, MB (file lengths)", fileBytes(dir) / 1e6);
        report("backlog: disk used after appends, MB (allocated blocks)", allocated(dir) / 1e6);
        report("backlog: heap retained after appends, MB (after GC)", (heapAfterGc() - heap0) / 1e6);

        long t2 = System.nanoTime();
        long delivered = 0;
        while (delivered < n) {
            int got = store.deliver(CHUNK, pool);
            if (got == 0) {
                throw new IllegalStateException("read back only " + delivered + " of " + n + " records");
            }
            delivered += got;
        }
        store.commit();
        long t3 = System.nanoTime();
        committer.close();
        long[] w3 = io();
        report("backlog: read+delete records/s (chunks of 1,000)", n / secs(t2, t3));
        report("backlog: bytes written per record, read+delete", (w3[0] - w1[0]) / (double) n);
        report("backlog: disk used after delivery, MB (file lengths)", fileBytes(dir) / 1e6);
        report("backlog: group commits (appends + delivery)", committer.commits);
        store.close();
        long[] w4 = io();
        report("backlog: bytes written per record, whole run (open..close)", (w4[0] - open0[0]) / (double) n);
        report("backlog: cancelled write bytes, whole run", w4[1] - open0[1]);
        delete(dir);
    }

    /**
     * {@code rate} records/s for {@code seconds}, paced. Offline ({@code lagMs < 0}): nothing is
     * delivered. Online: every 10 ms the records appended at least {@code lagMs} ago are delivered
     * (read and deleted), as the uplink does on PUBACK: with a lag below the commit interval a record
     * may be deleted before any commit saw it, above it every record is committed, then deleted.
     */
    private static void steady(String kind, Path work, int rate, int seconds, int lagMs, byte[][] pool) throws Exception {
        Path dir = Files.createTempDirectory(work, kind + "-steady-");
        Store store = open(kind, dir);
        int n = rate * seconds;
        long periodNs = 1_000_000_000L / rate;
        int deliverEvery = Math.max(1, rate / 100);
        long lagRecords = lagMs < 0 ? 0 : (long) rate * lagMs / 1000;
        long[] w0 = io();
        Committer committer = new Committer(store);
        long start = System.nanoTime();
        long delivered = 0;
        for (int i = 0; i < n; i++) {
            long due = start + i * periodNs;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            store.append(pool[i % POOL], Priority.TELEMETRY);
            if (lagMs >= 0 && (i + 1) % deliverEvery == 0) {
                for (long due2; (due2 = i + 1 - lagRecords - delivered) > 0; ) {
                    int got = store.deliver((int) Math.min(CHUNK, due2), pool);
                    if (got == 0) {
                        throw new IllegalStateException("record " + delivered + " not found");
                    }
                    delivered += got;
                }
            }
        }
        if (lagMs >= 0) {
            // the tail: delivered when the lag has passed
            LockSupport.parkNanos(lagMs * 1_000_000L);
            for (int got; (got = store.deliver(CHUNK, pool)) > 0; ) {
                delivered += got;
            }
            if (delivered != n) {
                throw new IllegalStateException("delivered " + delivered + " of " + n);
            }
        }
        store.commit();
        committer.close();
        long[] w1 = io();
        String what = "steady " + rate + "/s " + (lagMs < 0 ? "offline (appended only)"
                : lagMs == 0 ? "online, deleted within 10 ms" : "online, deleted " + lagMs + " ms after append");
        report(what + ": bytes written per record", (w1[0] - w0[0]) / (double) n);
        report(what + ": GB written per day at this rate", (w1[0] - w0[0]) / (double) n * rate * 86_400 / 1e9);
        report(what + ": disk used at the end, MB (file lengths)", fileBytes(dir) / 1e6);
        store.close();
        delete(dir);
    }

    /** Sizes of the code each store needs. */
    private static void footprint(String kind) throws Exception {
        switch (kind) {
            case "log" -> {
                Path classes = Path.of(SegmentedLog.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .resolve(SegmentedLog.class.getPackageName().replace('.', '/'));
                report("code: queue package class files, KB", fileBytes(classes) / 1e3);
            }
            case "mvstore" -> report("code: h2 jar, KB (whole H2; no separate h2-mvstore jar for 2.5.x)",
                    Files.size(Path.of(MVStore.class.getProtectionDomain().getCodeSource().getLocation().toURI())) / 1e3);
            case "sqlite" -> report("code: sqlite-jdbc jar, KB (natives of every platform)",
                    Files.size(Path.of(Class.forName("org.sqlite.JDBC").getProtectionDomain().getCodeSource().getLocation().toURI())) / 1e3);
            default -> {
            }
        }
    }

    /** @return write_bytes and cancelled_write_bytes of this process */
    private static long[] io() throws IOException {
        long[] r = {-1, -1};
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                r[0] = Long.parseLong(line.substring(12).trim());
            } else if (line.startsWith("cancelled_write_bytes:")) {
                r[1] = Long.parseLong(line.substring(22).trim());
            }
        }
        return r;
    }

    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long fileBytes(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Disk blocks allocated (the log's active segment is a sparse file while it is written). */
    private static long allocated(Path dir) throws Exception {
        Process p = new ProcessBuilder("du", "-s", "-B1", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private static void delete(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }

    private static void report(String what, Object value) {
        String v = value instanceof Double d ? String.format(Locale.ROOT, "%,.1f", d)
                : value instanceof Long || value instanceof Integer ? String.format(Locale.ROOT, "%,d", value) : String.valueOf(value);
        System.out.println(what + "\t" + v);
    }
}
