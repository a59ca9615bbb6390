package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage to the queue directory loses only what is damaged, and never keeps the queue from opening (issue 17, item 5). */
class SegmentRecoveryTest {

    private static final int SEGMENT = 4096;

    @TempDir
    Path dir;

    private QueueOptions options() {
        return new QueueOptions(dir.resolve("q"), 1 << 20, 100_000, SEGMENT);
    }

    /** Writes {@code n} records (several segments), delivers the first {@code delivered}, closes. */
    private void fill(int n, long delivered) throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options())) {
            for (int i = 0; i < n; i++) {
                log.append(String.format("record-%04d", i).getBytes(StandardCharsets.UTF_8), i % 7 == 0 ? Priority.KEEP : Priority.TELEMETRY);
            }
            log.release(delivered);
        }
    }

    private List<String> readAll(SegmentedLog log) throws IOException {
        List<String> out = new ArrayList<>();
        long from = log.cursor();
        while (true) {
            List<Entry> chunk = log.read(from, 100);
            if (chunk.isEmpty()) {
                return out;
            }
            chunk.forEach(e -> out.add(new String(e.payload(), StandardCharsets.UTF_8)));
            from = chunk.get(chunk.size() - 1).offset() + 1;
        }
    }

    private List<Path> segments() throws IOException {
        try (var s = Files.list(dir.resolve("q"))) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static List<String> records(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(String.format("record-%04d", i));
        }
        return out;
    }

    @Test
    void aTruncatedSealedSegmentLosesOnlyItsCutRecordAndTheSegmentsAfterItAreRead() throws IOException {
        fill(600, 0);
        List<Path> segs = segments();
        assertThat(segs).hasSizeGreaterThan(3);
        Path second = segs.get(1);
        try (RandomAccessFile f = new RandomAccessFile(second.toFile(), "rw")) {
            f.setLength(f.length() - 5); // the last record loses its last bytes
        }
        try (SegmentedLog log = SegmentedLog.open(options())) {
            List<String> got = readAll(log);
            assertThat(got).hasSize(599);
            List<String> missing = new ArrayList<>(records(0, 600));
            missing.removeAll(got);
            assertThat(missing).hasSize(1);
            assertThat(log.stats().lostRecords()).isEqualTo(1);
            assertThat(log.stats().problem()).contains(second.getFileName().toString()).contains("cut short");
        }
    }

    @Test
    void garbageAppendedToTheLastSegmentLosesNothingAndAppendingGoesOnAfterTheLastRecord() throws IOException {
        fill(100, 0);
        Path last = segments().get(segments().size() - 1);
        try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
            f.seek(f.length());
            f.write("garbage garbage garbage".getBytes(StandardCharsets.US_ASCII));
        }
        try (SegmentedLog log = SegmentedLog.open(options())) {
            assertThat(readAll(log)).isEqualTo(records(0, 100));
            assertThat(log.stats().damagedBytes()).isEqualTo(23);
            assertThat(log.append("after".getBytes(StandardCharsets.UTF_8), Priority.TELEMETRY)).isEqualTo(100);
            assertThat(readAll(log)).endsWith("record-0099", "after");
        }
    }

    @Test
    void aCursorPointingBeyondTheLogIsReplacedBySendingEverythingStoredAgain() throws IOException {
        fill(300, 100);
        writeCursor(1_000_000);
        try (SegmentedLog log = SegmentedLog.open(options())) {
            assertThat(log.cursor()).isLessThanOrEqualTo(100);
            assertThat(readAll(log)).containsSubsequence(records(100, 300)).hasSizeGreaterThanOrEqualTo(200);
            assertThat(log.stats().problem()).contains("points to offset 1000000").contains("sent again");
        }
    }

    @Test
    void aCursorFailingItsChecksumOrMissingMeansEverythingStoredIsSentAgain() throws IOException {
        fill(300, 100);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("q/cursor").toFile(), "rw")) {
            f.seek(3);
            f.write(0x7f);
        }
        try (SegmentedLog log = SegmentedLog.open(options())) {
            assertThat(readAll(log)).containsSubsequence(records(100, 300));
            assertThat(log.stats().problem()).contains("fails its CRC32C");
        }
        Files.delete(dir.resolve("q/cursor"));
        try (SegmentedLog log = SegmentedLog.open(options())) {
            assertThat(readAll(log)).containsSubsequence(records(100, 300));
            assertThat(log.stats().problem()).contains("missing");
        }
    }

    @Test
    void aCursorBehindTheFirstStoredRecordStartsAtTheFirstStoredRecord() throws IOException {
        fill(300, 250);
        try (SegmentedLog log = SegmentedLog.open(options())) {
            log.sync(); // deletes the delivered segments
        }
        writeCursor(3);
        try (SegmentedLog log = SegmentedLog.open(options())) {
            List<String> got = readAll(log);
            assertThat(got).endsWith("record-0299").doesNotContain("record-0003");
            assertThat(log.cursor()).isGreaterThan(3);
        }
    }

    @Test
    void junkNamedLikeASegmentAndStrayFilesGoToQuarantineAndTheQueueOpens() throws IOException {
        fill(200, 0);
        Path q = dir.resolve("q");
        byte[] junk = new byte[3000];
        new java.util.Random(7).nextBytes(junk);
        Files.write(q.resolve("00000000000000000150.seg"), junk);
        Files.writeString(q.resolve("notes.txt"), "hello");
        Files.writeString(q.resolve("x1.seg"), "not digits");
        try (SegmentedLog log = SegmentedLog.open(options())) {
            assertThat(readAll(log)).isEqualTo(records(0, 200));
            assertThat(log.stats().quarantined()).isEqualTo(3);
        }
        try (var s = Files.list(q.resolve(SegmentRecovery.QUARANTINE))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("00000000000000000150.seg", "notes.txt", "x1.seg");
        }
    }

    @Test
    void aReadOnlyQueueDeliversWhatItHoldsWithoutChangingAFileAndNewRecordsWaitInMemory() throws IOException {
        fill(200, 50);
        Path first = segments().get(0);
        flip(first, SegmentHeader.LENGTH + 100);
        byte[] before = Files.readAllBytes(first);
        DegradedQueue q = new DegradedQueue(SegmentedLog.openReadOnly(options()), options(), "read-only for the test");
        try {
            long next = q.append("new".getBytes(StandardCharsets.UTF_8), Priority.TELEMETRY);
            assertThat(next).isEqualTo(200);
            List<String> got = new ArrayList<>();
            long from = q.cursor();
            for (List<Entry> c = q.read(from, 64); !c.isEmpty(); c = q.read(from, 64)) {
                c.forEach(e -> got.add(new String(e.payload(), StandardCharsets.UTF_8)));
                from = c.get(c.size() - 1).offset() + 1;
                q.release(from);
            }
            assertThat(got).endsWith("record-0199", "new").hasSizeGreaterThanOrEqualTo(150);
            assertThat(q.stats().status()).isEqualTo(QueueStatus.READ_ONLY);
            assertThat(q.stats().undelivered()).isZero();
            q.sync();
        } finally {
            q.close();
        }
        assertThat(Files.readAllBytes(first)).isEqualTo(before);
    }

    @Test
    void aQueueDirectoryThatCannotBeCreatedDegradesToMemoryAndStillDelivers() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        RecordQueue q = QueueOpener.open(new QueueOptions(file.resolve("queue"), 1 << 20, 1000, SEGMENT));
        try {
            assertThat(q.stats().status()).isEqualTo(QueueStatus.MEMORY_ONLY);
            assertThat(q.stats().problem()).contains(file.resolve("queue").toString());
            assertThat(q.append(new byte[] {1}, Priority.KEEP)).isZero();
            assertThat(q.read(0, 10)).hasSize(1);
        } finally {
            q.close();
        }
    }

    @Test
    void aSegmentOfANewerFormatIsSetAsideNotMisread() throws IOException {
        fill(50, 0);
        Path q = dir.resolve("q");
        ByteBuffer header = SegmentHeader.bytes(1000, (byte) 9);
        Files.write(q.resolve("00000000000000001000.seg"), header.array());
        try (SegmentedLog log = SegmentedLog.open(options())) {
            assertThat(readAll(log)).isEqualTo(records(0, 50));
            assertThat(log.stats().problem()).contains("newer queue format 9");
        }
    }

    @Test
    void aDamagedSegmentHeaderIsNotMistakenForANewerFormatAndItsRecordsAreRead() throws IOException {
        fill(50, 0);
        Path first = segments().get(0);
        flip(first, 4); // the format version byte: the header's CRC32C tells damage from a newer format
        try (SegmentedLog log = SegmentedLog.open(options())) {
            assertThat(readAll(log)).isEqualTo(records(0, 50));
            assertThat(log.stats().quarantined()).isZero();
        }
        flip(segments().get(0), 1); // the magic: read as a segment without header, the records found behind it
        try (SegmentedLog log = SegmentedLog.open(options())) {
            assertThat(readAll(log)).isEqualTo(records(0, 50));
            assertThat(log.stats().lostRecords()).isZero();
        }
    }

    private void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
    }

    private void writeCursor(long value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12).putLong(0, value);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 8);
        b.putInt(8, (int) crc.getValue());
        Files.write(dir.resolve("q/cursor"), b.array());
    }
}
