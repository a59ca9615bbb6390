package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * The store-and-forward queue survives power loss: its group commit ({@code fsync.interval.ms})
 * puts appended updates on the storage device, not only in the page cache that a SIGKILL keeps
 * ({@link GatewayCloudProcessTest}) and a power cut loses.
 *
 * <p>The built distribution (sim profile, no broker reachable, so updates pile up in the queue) keeps
 * its queue ({@code queue.dir}) on a loop-mounted ext4 image, {@link Ext4Image}. A copy of the image
 * file is the device as a power cut at that moment would leave it: Linux writes dirty pages back
 * only when they are {@code dirty_expire_centisecs} (30 s) old, unless they are forced. So updates
 * that are on the device seconds after they were appended got there through the group commit; the
 * control (an hour-long interval) shows that without it they are not, and that the same power cut
 * then loses them. The power cut: SIGKILL, copy the image, drop the page cache (unmount), mount the
 * copy where the device was (ext4 replays its journal), and start the gateway again with a broker:
 * every update that was on the device arrives, and recovery repaired nothing but a torn tail.
 *
 * <p><b>Needs root</b> ({@code losetup}, {@code mount}; {@code mkfs.ext4}, {@code cp}); CI runs as
 * root. Run as another user, each test fails at once saying so. Every loop device and mount is
 * undone by its path in {@link #cleanUp()}, whatever the outcome.
 */
public class QueuePowerLossTest {

    private static final String ID = "gw-power";
    private static final long IMAGE_BYTES = 64L << 20;
    /** The default group commit interval, set explicitly so the test says what it measures. */
    private static final long FSYNC_MS = 200;
    /** How long appended updates may take to reach the device; far below the kernel's 30 s writeback age. */
    private static final Duration DEVICE_BOUND = Duration.ofSeconds(10);
    /** The control's margin before the kernel's own writeback of the queue's first dirty page could begin. */
    private static final Duration WRITEBACK_MARGIN = Duration.ofSeconds(5);
    private static final Pattern RECOVERED = Pattern.compile("queue .* recovered: (\\d+) records");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Deque<Ext4Image.Mount> mounts = new ArrayDeque<>();
    private DistroGateway gateway;
    private MosquittoBroker broker;
    private MqttRecorder cloud;
    private Path scratch;
    private int views;

    @Before
    public void requireRoot() throws IOException {
        Ext4Image.requireRoot(getClass().getSimpleName());
        scratch = tmp.newFolder("scratch").toPath();
    }

    /** Gateways first (they hold files on the mounts), then the broker, then mounts and loop devices. */
    @After
    public void cleanUp() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        close(failures, gateway);
        close(failures, cloud);
        close(failures, broker);
        while (!mounts.isEmpty()) {
            close(failures, mounts.pop());
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("clean-up failed: " + failures.get(0), failures.get(0));
            failures.subList(1, failures.size()).forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void close(List<Throwable> failures, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception | AssertionError e) {
            failures.add(e);
        }
    }

    // ---------------------------------------------------------------- 1. group commit, power cut, recovery

    @Test
    public void queuedUpdatesReachTheDeviceWithinTheGroupCommitIntervalAndArriveAfterAPowerCut() throws Exception {
        Device d = startGatewayOnDevice(FSYNC_MS, 10);
        Ext4Image image = d.image();
        Path deviceDir = d.dir();
        Path queue = d.queue();
        long x = d.lastQueued();
        long seen = d.seen();
        // on the device in time: only a forced write can do that before the kernel's writeback age
        long deadline = d.watchEnd();
        int polls = 0;
        QueueOnDisk onDevice;
        while (true) {
            onDevice = deviceView(image, deviceDir);
            polls++;
            if (holdsEveryOffsetUpTo(onDevice, x)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the updates at offsets 0.." + x + " are not all on the device "
                        + (System.nanoTime() - seen) / 1_000_000 + " ms after they were in the page cache (" + polls
                        + " looks at the device); it holds offsets " + offsets(onDevice) + "\n" + gateway.process().output());
            }
            pause();
        }
        long reachedMillis = (System.nanoTime() - seen) / 1_000_000;

        // the power cut: the process dies, the device keeps what it has, the page cache is lost
        QueueOnDisk pageCacheAtCut = powerCut(d);
        List<String> segments = segmentFiles(queue);
        QueueOnDisk recovered = QueueOnDisk.read(queue, scratch.resolve("after-power-cut"));

        System.out.printf("fsync.interval.ms=%d: offsets 0..%d on the device %d ms after they were seen in the page cache (%d looks); "
                + "at the power cut %d records in the page cache, %d on the device (%d lost); segments %s%n", FSYNC_MS, x, reachedMillis,
                polls, pageCacheAtCut.records().size(), recovered.records().size(),
                pageCacheAtCut.records().size() - recovered.records().size(), segments);
        assertThat(holdsEveryOffsetUpTo(recovered, x))
                .as("the device after the power cut holds offsets 0..%d; it holds %s", x, offsets(recovered)).isTrue();
        // an append-only log loses at most its tail: what survives is a prefix of what was appended
        assertThat(offsets(recovered)).as("offsets on the device after the power cut")
                .containsExactlyElementsOf(LongStream.range(0, recovered.records().size()).boxed().toList());

        // the gateway boots from the cut device, this time with a broker
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        cloud = new MqttRecorder(broker.uri(), "cloud-" + ID, "mviot/" + ID + "/#");
        gateway.cli("provision", "--id", ID, "--broker", broker.uri(), "--profile", "sim");
        GatewayProcess rebooted = gateway.run();
        Matcher m = RECOVERED.matcher(rebooted.awaitLog(RECOVERED.pattern()));
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("records the gateway recovered from %s", queue).isEqualTo(recovered.records().size());
        try {
            cloud.await("every update recovered from the device (offsets 0.." + (recovered.records().size() - 1) + ")",
                    r -> undelivered(recovered, r).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nnot delivered: " + undelivered(recovered, cloud.received()) + "\n"
                    + rebooted.output(), e);
        }

        // recovery found no damage, at most the torn tail of the segment being written at the cut
        String last = segments.isEmpty() ? "none" : segments.get(segments.size() - 1);
        for (String line : rebooted.stderrLines()) {
            assertThat(line).as("gateway log after the power cut").doesNotContain("is damaged").doesNotContain("cannot be synced");
            if (line.contains("queue segment ")) {
                assertThat(line).as("the only queue repair allowed: the torn tail of the last segment %s", last)
                        .contains(queue.resolve(last).toString()).contains("truncated");
                System.out.println("recovery: " + line);
            }
        }
    }

    // ---------------------------------------------------------------- 2. the control: no group commit, nothing on the device

    @Test
    public void anHourLongGroupCommitIntervalKeepsQueuedUpdatesOffTheDeviceSoAPowerCutLosesThem() throws Exception {
        Device d = startGatewayOnDevice(Duration.ofHours(1).toMillis(), 5);
        Ext4Image image = d.image();
        Path deviceDir = d.dir();
        Path queue = d.queue();
        long x = d.lastQueued();
        long seen = d.seen();
        // watch the device as long as test 1 allows, but end before the first queued page is old enough
        // for the kernel's own writeback (it cannot have been dirtied before the gateway started)
        long windowEnd = d.watchEnd();
        int polls = 0;
        while (polls == 0 || System.nanoTime() < windowEnd) {
            QueueOnDisk onDevice = deviceView(image, deviceDir);
            polls++;
            assertThat(offsets(onDevice)).as("queue records on the device %d ms after offsets 0..%d were in the page cache, "
                    + "with fsync.interval.ms of an hour", (System.nanoTime() - seen) / 1_000_000, x).isEmpty();
            pause();
        }
        long watchedMillis = (System.nanoTime() - seen) / 1_000_000;
        assertThat(polls).as("looks at the device in %d ms", watchedMillis).isGreaterThanOrEqualTo(3);

        // the same power cut as in test 1 loses them all, although a SIGKILL alone would have kept them
        QueueOnDisk pageCacheAtCut = powerCut(d);
        QueueOnDisk recovered = QueueOnDisk.read(queue, scratch.resolve("after-power-cut"));
        System.out.printf("fsync.interval.ms=3600000: offsets 0..%d not on the device for %d ms (%d looks); at the power cut %d records "
                + "in the page cache, %d on the device%n", x, watchedMillis, polls, pageCacheAtCut.records().size(),
                recovered.records().size());
        assertThat(holdsEveryOffsetUpTo(pageCacheAtCut, x)).as("the page cache at the cut holds offsets 0..%d (what SIGKILL keeps)", x)
                .isTrue();
        assertThat(offsets(recovered)).as("queue records on the device after the power cut, with fsync.interval.ms of an hour").isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A gateway with its queue on a loop-mounted image, records queued in its page cache.
     *
     * @param dir        holds the image and its mount point
     * @param image      the device
     * @param mountPoint where it is mounted
     * @param live       the mount
     * @param queue      the queue directory on it
     * @param lastQueued the highest offset seen in the page cache
     * @param seen       when it was seen (System.nanoTime)
     * @param watchEnd   until when the device can be watched before the kernel's own writeback could begin
     */
    private record Device(Path dir, Ext4Image image, Path mountPoint, Ext4Image.Mount live, Path queue, long lastQueued, long seen,
            long watchEnd) {
    }

    /** Starts the gateway (no broker reachable) with its queue on a fresh image and awaits {@code records} queued records. */
    private Device startGatewayOnDevice(long fsyncMillis, int records) throws Exception {
        long writebackAge = dirtyExpireNanos();
        Path deviceDir = tmp.newFolder("device").toPath();
        Ext4Image image = Ext4Image.create(deviceDir.resolve("sd-card.img"), IMAGE_BYTES);
        Path mountPoint = deviceDir.resolve("sd-card");
        Ext4Image.Mount live = mount(image, mountPoint);
        Path queue = mountPoint.resolve("queue");
        Path work = tmp.newFolder("gw").toPath();
        gateway = DistroGateway.provision(work, ID, "tcp://127.0.0.1:" + closedPort());
        configureLink(work, queue, fsyncMillis);

        long started = System.nanoTime();
        gateway.run();
        QueueOnDisk inCache = awaitInPageCache(queue, records);
        long seen = System.nanoTime();
        long watchEnd = Math.min(seen + DEVICE_BOUND.toNanos(), started + writebackAge - WRITEBACK_MARGIN.toNanos());
        assertThat(watchEnd - seen).as("time left to watch the device before the kernel's own writeback could begin "
                + "(the gateway took %d ms to start and queue %d updates)", (seen - started) / 1_000_000, records)
                .isGreaterThan(Duration.ofSeconds(3).toNanos());
        return new Device(deviceDir, image, mountPoint, live, queue, inCache.nextOffset() - 1, seen, watchEnd);
    }

    /**
     * The power cut: SIGKILL, the device keeps what it has (a copy of the image), the page cache is
     * lost (unmount); the copy is mounted where the device was.
     *
     * @return the queue as the page cache held it at the cut
     */
    private QueueOnDisk powerCut(Device d) throws Exception {
        assertThat(gateway.kill9()).as("exit code of a SIGKILLed JVM").isEqualTo(128 + 9);
        Ext4Image afterCut = d.image().copyTo(d.dir().resolve("after-power-cut.img"));
        QueueOnDisk pageCacheAtCut = QueueOnDisk.read(d.queue(), scratch.resolve("page-cache-at-cut"));
        unmount(d.live());
        mount(afterCut, d.mountPoint());
        return pageCacheAtCut;
    }

    /** Cloud link settings (Config Admin file in deploy/, read by FileInstall at start): queue on the device, commit interval. */
    private static void configureLink(Path work, Path queue, long fsyncMillis) throws IOException {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.writeString(deploy.resolve("org.mviot.edge.cloud.mqtt.cfg"),
                "queue.dir=" + queue + "\nfsync.interval.ms=" + fsyncMillis + "\n");
    }

    private Ext4Image.Mount mount(Ext4Image image, Path dir) throws Exception {
        Ext4Image.Mount m = image.mount(dir);
        mounts.push(m);
        return m;
    }

    private void unmount(Ext4Image.Mount m) throws Exception {
        m.close();
        mounts.remove(m);
    }

    /**
     * What is on the device now: a copy of the image, mounted (journal replayed) and its queue read
     * the way the gateway recovers it.
     */
    private QueueOnDisk deviceView(Ext4Image image, Path deviceDir) throws Exception {
        Ext4Image copy = image.copyTo(deviceDir.resolve("device-now.img"));
        try {
            Ext4Image.Mount m = mount(copy, deviceDir.resolve("device-now"));
            try {
                return QueueOnDisk.read(m.dir().resolve("queue"), scratch.resolve("device-" + views++));
            } finally {
                unmount(m);
            }
        } finally {
            Files.deleteIfExists(copy.file());
        }
    }

    /** Waits until the queue, read through the mount (the page cache), holds at least some records. */
    private QueueOnDisk awaitInPageCache(Path queue, int records) throws IOException {
        long deadline = System.nanoTime() + GatewayProcess.TIMEOUT.toNanos();
        while (true) {
            QueueOnDisk q = QueueOnDisk.read(queue, scratch.resolve("page-cache-" + views++));
            if (q.records().size() >= records) {
                assertThat(offsets(q)).as("offsets of a new queue")
                        .containsExactlyElementsOf(LongStream.range(0, q.records().size()).boxed().toList());
                return q;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + GatewayProcess.TIMEOUT + " the queue " + queue + " did not hold " + records
                        + " records (it holds " + q.records().size() + ")\n" + gateway.process().output());
            }
            pause();
        }
    }

    private static boolean holdsEveryOffsetUpTo(QueueOnDisk q, long x) {
        // offsets are unique and increasing (recovery stops at one that is not)
        return q.records().stream().filter(r -> r.offset() <= x).count() == x + 1;
    }

    private static List<Long> offsets(QueueOnDisk q) {
        return q.records().stream().map(QueueOnDisk.Record::offset).toList();
    }

    private static List<String> segmentFiles(Path queue) throws IOException {
        if (!Files.isDirectory(queue)) {
            return List.of();
        }
        try (var files = Files.list(queue)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg")).sorted().toList();
        }
    }

    /**
     * Records of the queue not (yet) seen at the broker: twin updates by thing and sequence number
     * (a batch covers {@code sequence-first..sequence}), the link's own reports by topic and payload.
     */
    static List<String> undelivered(QueueOnDisk queue, List<MqttRecorder.Received> received) {
        Map<String, List<long[]>> ranges = new HashMap<>();
        Set<String> verbatim = new HashSet<>();
        for (MqttRecorder.Received m : received) {
            verbatim.add(m.topic() + "\n" + m.payload());
            int twin = m.topic().indexOf("/twin/");
            if (twin < 0) {
                continue;
            }
            JsonObject headers = JsonFactory.newObject(m.payload()).getValue("headers").filter(JsonValue::isObject)
                    .map(JsonValue::asObject).orElse(JsonFactory.newObject());
            Long last = number(headers.getValue("sequence").orElse(null));
            if (last != null) {
                Long first = number(headers.getValue("sequence-first").orElse(null));
                ranges.computeIfAbsent(m.topic().substring(twin + 6), t -> new ArrayList<>())
                        .add(new long[] {first == null ? last : first, last});
            }
        }
        List<String> missing = new ArrayList<>();
        for (QueueOnDisk.Record r : queue.records()) {
            if (r.content() instanceof TwinUpdate u) {
                boolean covered = ranges.getOrDefault(u.thing().toString(), List.of()).stream()
                        .anyMatch(range -> range[0] <= u.sequence() && u.sequence() <= range[1]);
                if (!covered) {
                    missing.add(r.offset() + ":" + u.thing() + "#" + u.sequence());
                }
            } else if (r.content() instanceof BinaryFormat.PendingResponse p) {
                if (!verbatim.contains(p.topic() + "\n" + p.json())) {
                    missing.add(r.offset() + ":" + p.topic());
                }
            } else {
                missing.add(r.offset() + ":" + r.content());
            }
        }
        return missing;
    }

    private static Long number(JsonValue v) {
        if (v == null) {
            return null;
        }
        return v.isString() ? Long.valueOf(v.asString()) : v.isNumber() ? Long.valueOf(v.asLong()) : null;
    }

    /** The kernel writes dirty pages back on its own once they are this old; the test tells fsync from that by time. */
    private static long dirtyExpireNanos() throws IOException {
        Path p = Path.of("/proc/sys/vm/dirty_expire_centisecs");
        // one read with a buffer: sysctl files answer a read at a later position oddly (Files.readString saw "3" of "3000")
        long centis = Long.parseLong(Files.readAllLines(p).get(0).strip());
        assertThat(centis).as("%s: the test tells a forced write from the kernel's own writeback by time, which needs "
                + "the writeback age well above %s", p, DEVICE_BOUND).isGreaterThanOrEqualTo(2_000);
        return Duration.ofMillis(centis * 10).toNanos();
    }

    /** A TCP port on 127.0.0.1 that nothing listens on: the gateway's broker is unreachable, updates stay queued. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void pause() {
        Object lock = new Object();
        synchronized (lock) {
            try {
                lock.wait(100); // polling interval between looks, not a synchronization
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
