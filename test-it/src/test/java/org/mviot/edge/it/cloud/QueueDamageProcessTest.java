package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * Damage to the queue directory of a stopped gateway loses only what is damaged (issue 17, items
 * 5 and the damage cases of its tests): the built distribution queues updates while its broker is
 * unreachable and is killed (SIGKILL); its queue directory is then damaged in one way per case and
 * the gateway started against a real Mosquitto. Every intact update arrives, and the gateway twin's
 * {@code queue} feature says what was lost and why. The queue is filled once, for every case.
 */
@RunWith(Parameterized.class)
public class QueueDamageProcessTest {

    private static final String ID = "qd-gw";
    /** Small segments, so that a few hundred updates fill several. */
    private static final int SEGMENT_BYTES = 4096;
    private static final int RECORDS = 300;
    /** A device that changes every 10 ms: the queue fills in seconds. */
    private static final String FAST_DEVICE = """
            {"id": "fast", "driver": "sim", "thing": "org.mviot.test:fast",
             "channels": [{"name": "n", "type": "integer", "poll": "10ms", "address": {"signal": "counter"}}]}
            """;
    private static final JsonPointer QUEUE = JsonPointer.of("/value");

    /** One way to damage the queue. */
    enum Damage {
        FLIPPED_BYTE_MID_SEGMENT, TRUNCATED_SEALED_SEGMENT, GARBAGE_APPENDED, CURSOR_MISSING, CURSOR_FAILING_ITS_CRC,
        CURSOR_AHEAD_OF_THE_LOG, JUNK_FILE_NAMED_LIKE_A_SEGMENT, READ_ONLY_DIRECTORY
    }

    @Parameterized.Parameters(name = "{0}")
    public static Object[] cases() {
        return Damage.values();
    }

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static MosquittoBroker broker;
    /** The queue as the killed gateway left it, never touched. */
    private static Path pristine;
    private static QueueOnDisk queued;
    private static List<Placed> layout;

    private final Damage damage;

    public QueueDamageProcessTest(Damage damage) {
        this.damage = damage;
    }

    /** Where a record lies in the files (read with the framing alone: header, length, CRC). */
    private record Placed(String file, long start, long end, long offset) {
    }

    /** What a case expects of the gateway twin's queue report. */
    private record Expected(List<Long> lostOffsets, String status, String problemSays, long quarantined) {
    }

    @BeforeClass
    public static void queueUpdatesThenKillTheGateway() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        Path queue = tmp.getRoot().toPath().resolve("filled-queue");
        try (DistroGateway gateway = DistroGateway.provision(tmp.newFolder("fill").toPath(), ID, "tcp://127.0.0.1:" + closedPort())) {
            Path work = gateway.queueDir().getParent().getParent().getParent();
            configure(work, queue);
            gateway.run();
            long deadline = System.nanoTime() + GatewayProcess.TIMEOUT.toNanos();
            int scratch = 0;
            while (QueueOnDisk.read(queue, tmp.getRoot().toPath().resolve("look-" + scratch++)).records().size() < RECORDS) {
                assertThat(System.nanoTime()).as("%d updates queued within %s", RECORDS, GatewayProcess.TIMEOUT).isLessThan(deadline);
                pause();
            }
            assertThat(gateway.kill9()).isEqualTo(128 + 9);
        }
        pristine = tmp.getRoot().toPath().resolve("pristine");
        copyTree(queue, pristine);
        // the killed gateway may not have written its cursor yet (every 5 s): a valid "nothing delivered" for every case
        ByteBuffer zero = ByteBuffer.allocate(12);
        CRC32C crc = new CRC32C();
        crc.update(zero.array(), 0, 8);
        zero.putInt(8, (int) crc.getValue());
        Files.write(pristine.resolve("cursor"), zero.array());
        queued = QueueOnDisk.read(pristine, tmp.getRoot().toPath().resolve("pristine-read"));
        layout = layout(pristine);
        assertThat(layout.stream().map(Placed::file).distinct().count()).as("segments of the filled queue").isGreaterThanOrEqualTo(4);
        assertThat(queued.cursor()).as("nothing was delivered").isZero();
    }

    @AfterClass
    public static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    public void everyIntactUpdateArrivesAndTheGatewayTwinSaysWhatWasLostAndWhy() throws Exception {
        Path caseDir = tmp.newFolder(damage.name()).toPath();
        Path queue = caseDir.resolve("queue");
        copyTree(pristine, queue);
        List<String> mounted = new ArrayList<>();
        Expected expected = damage(queue, mounted);
        try (MqttRecorder cloud = new MqttRecorder(broker.uri(), "cloud-" + damage.name().toLowerCase(), "mviot/" + ID + "/#");
             DistroGateway gateway = DistroGateway.provision(caseDir.resolve("gw"), ID, broker.uri())) {
            configure(caseDir.resolve("gw"), queue);
            gateway.run();
            List<QueueOnDisk.Record> intact = queued.records().stream().filter(r -> !expected.lostOffsets().contains(r.offset())).toList();
            QueueOnDisk mustArrive = new QueueOnDisk(intact, 0, queued.nextOffset());
            try {
                cloud.await("every intact queued update (" + intact.size() + " of " + queued.records().size() + ")",
                        r -> QueuePowerLossTest.undelivered(mustArrive, r).isEmpty());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nnot delivered: " + QueuePowerLossTest.undelivered(mustArrive, cloud.received())
                        + "\n" + gateway.process().output(), e);
            }
            JsonObject report = queueReport(cloud, expected);
            System.out.printf("%s: %d of %d queued updates arrived; gateway twin queue = %s%n", damage, intact.size(),
                    queued.records().size(), report);
            assertThat(report.getValue("status").map(JsonValue::asString)).contains(expected.status());
            assertThat(report.getValue("lostRecords").map(JsonValue::asLong)).as("lostRecords")
                    .contains((long) expected.lostOffsets().size());
            assertThat(report.getValue("quarantinedFiles").map(JsonValue::asLong)).contains(expected.quarantined());
            assertThat(report.getValue("problem").map(JsonValue::asString).orElse("")).contains(expected.problemSays());
            for (String line : gateway.process().stderrLines()) {
                assertThat(line).as("gateway log").doesNotContain("Error during instantiation").doesNotContain("cannot read the queue");
            }
        } finally {
            for (String m : mounted) {
                Ext4Image.run("umount", m);
            }
        }
    }

    /** Waits for the link's report on the gateway twin whose queue part says what this case expects, and returns that part. */
    private static JsonObject queueReport(MqttRecorder cloud, Expected expected) throws InterruptedException {
        List<MqttRecorder.Received> got = cloud.await("a queue report with status " + expected.status(),
                r -> r.stream().anyMatch(m -> queuePart(m) != null && queuePart(m).getValue("status").map(JsonValue::asString)
                        .orElse("").equals(expected.status()) && queuePart(m).getValue("problem").map(JsonValue::asString).orElse("")
                        .contains(expected.problemSays())));
        return got.stream().map(QueueDamageProcessTest::queuePart).filter(q -> q != null && q.getValue("problem")
                .map(JsonValue::asString).orElse("").contains(expected.problemSays())).findFirst().orElseThrow();
    }

    private static JsonObject queuePart(MqttRecorder.Received m) {
        if (!m.topic().endsWith("/twin/org.mviot.edge:" + ID) || !m.payload().contains("/features/queue/properties")) {
            return null;
        }
        return JsonFactory.newObject(m.payload()).getValue(QUEUE).filter(JsonValue::isObject).map(JsonValue::asObject).orElse(null);
    }

    /** Damages the copy of the queue; returns what the case expects. */
    private Expected damage(Path queue, List<String> mounted) throws Exception {
        List<String> segments = layout.stream().map(Placed::file).distinct().toList();
        switch (damage) {
            case FLIPPED_BYTE_MID_SEGMENT: {
                List<Placed> inSecond = layout.stream().filter(p -> p.file().equals(segments.get(1))).toList();
                Placed victim = inSecond.get(inSecond.size() / 2);
                flip(queue.resolve(victim.file()), victim.end() - 3); // a payload byte: the CRC32C fails
                return new Expected(List.of(victim.offset()), "ok", "CRC32C does not match", 0);
            }
            case TRUNCATED_SEALED_SEGMENT: {
                List<Placed> inThird = layout.stream().filter(p -> p.file().equals(segments.get(2))).toList();
                Placed last = inThird.get(inThird.size() - 1);
                try (RandomAccessFile f = new RandomAccessFile(queue.resolve(last.file()).toFile(), "rw")) {
                    f.setLength(last.end() - 5);
                }
                return new Expected(List.of(last.offset()), "ok", "cut short", 0);
            }
            case GARBAGE_APPENDED: {
                // on a sealed segment: nothing is lost, the stretch is skipped
                byte[] junk = new byte[200];
                new Random(17).nextBytes(junk);
                Files.write(queue.resolve(segments.get(1)), junk, StandardOpenOption.APPEND);
                return new Expected(List.of(), "ok", segments.get(1), 0);
            }
            case CURSOR_MISSING:
                Files.deleteIfExists(queue.resolve("cursor"));
                return new Expected(List.of(), "ok", "missing", 0);
            case CURSOR_FAILING_ITS_CRC:
                Files.write(queue.resolve("cursor"), new byte[] {0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3, 4});
                return new Expected(List.of(), "ok", "fails its CRC32C", 0);
            case CURSOR_AHEAD_OF_THE_LOG: {
                ByteBuffer b = ByteBuffer.allocate(12).putLong(0, queued.nextOffset() + 1000);
                CRC32C crc = new CRC32C();
                crc.update(b.array(), 0, 8);
                b.putInt(8, (int) crc.getValue());
                Files.write(queue.resolve("cursor"), b.array());
                return new Expected(List.of(), "ok", "beyond the last record", 0);
            }
            case JUNK_FILE_NAMED_LIKE_A_SEGMENT: {
                byte[] junk = new byte[3000];
                new Random(5).nextBytes(junk);
                // named like a segment between the second and the third
                long base = layout.stream().filter(p -> p.file().equals(segments.get(1))).mapToLong(Placed::offset).min().orElseThrow() + 1;
                Files.write(queue.resolve(String.format("%020d.seg", base)), junk);
                return new Expected(List.of(), "ok", "moved to quarantine/", 1);
            }
            case READ_ONLY_DIRECTORY:
                Ext4Image.requireRoot("the read-only queue directory case");
                Ext4Image.run("mount", "--bind", queue.toString(), queue.toString());
                mounted.add(queue.toString());
                Ext4Image.run("mount", "-o", "remount,ro,bind", queue.toString());
                return new Expected(List.of(), "read-only", "cannot be written", 0);
            default:
                throw new AssertionError(damage);
        }
    }

    /** Cloud link settings in deploy/ (FileInstall): the queue directory and small segments. */
    private static void configure(Path work, Path queue) throws IOException {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.writeString(deploy.resolve("org.mviot.edge.cloud.mqtt.cfg"), "queue.dir=" + queue + "\nqueue.segment.bytes=" + SEGMENT_BYTES
                + "\n");
        Files.writeString(Files.createDirectories(work.resolve("conf/devices")).resolve("fast.json"), FAST_DEVICE);
    }

    private static List<Placed> layout(Path dir) throws IOException {
        List<Placed> out = new ArrayList<>();
        List<Path> segs;
        try (var s = Files.list(dir)) {
            segs = s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
        for (Path seg : segs) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
            int at = b.limit() >= 4 && b.getInt(0) == 0x4D565153 ? 20 : 0;
            while (at + 17 <= b.limit()) {
                int len = b.getInt(at);
                if (len < 9 || at + 8 + len > b.limit()) {
                    break; // the zero tail of the segment that was active at the kill
                }
                out.add(new Placed(seg.getFileName().toString(), at, at + 8L + len, b.getLong(at + 8)));
                at += 8 + len;
            }
        }
        return out;
    }

    private static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

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
                lock.wait(200); // polling interval between looks at the queue, not a synchronization
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
