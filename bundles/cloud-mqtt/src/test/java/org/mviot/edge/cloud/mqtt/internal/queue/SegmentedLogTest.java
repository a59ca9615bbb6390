package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {

    @TempDir
    Path dir;

    private QueueOptions options(long maxBytes, long maxRecords, int segmentBytes) {
        return new QueueOptions(dir.resolve("q"), maxBytes, maxRecords, segmentBytes);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<Entry> entries) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(new String(e.payload(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<Entry> readAll(SegmentedLog log, long from) throws IOException {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            List<Entry> chunk = log.read(from, 64);
            if (chunk.isEmpty()) {
                return all;
            }
            all.addAll(chunk);
            from = chunk.get(chunk.size() - 1).offset() + 1;
        }
        throw new AssertionError("read did not end");
    }

    private List<Path> segmentFiles() throws IOException {
        try (var s = Files.list(dir.resolve("q"))) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void recordsComeBackInOrderAcrossSegments() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 4096))) {
            for (int i = 0; i < 500; i++) {
                assertThat(log.append(bytes("update-" + i), Priority.TELEMETRY)).isEqualTo(i);
            }
            List<Entry> all = readAll(log, 0);
            assertThat(all).hasSize(500);
            assertThat(texts(all).get(499)).isEqualTo("update-499");
            assertThat(segmentFiles().size()).isGreaterThan(1);
        }
    }

    @Test
    void reopeningKeepsUndeliveredRecordsAndForgetsDeliveredOnes() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 4096))) {
            for (int i = 0; i < 300; i++) {
                log.append(bytes("u" + i), Priority.TELEMETRY);
            }
            log.release(200);
            log.sync();
        }
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 4096))) {
            assertThat(log.cursor()).isEqualTo(200);
            List<Entry> rest = readAll(log, log.cursor());
            assertThat(rest).hasSize(100);
            assertThat(rest.get(0).offset()).isEqualTo(200);
            assertThat(log.append(bytes("next"), Priority.TELEMETRY)).isEqualTo(300);
        }
    }

    @Test
    void deliveredSegmentsAreDeletedAtTheNextSync() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 4096))) {
            for (int i = 0; i < 500; i++) {
                log.append(bytes("update-" + i), Priority.TELEMETRY);
            }
            int before = segmentFiles().size();
            log.release(500);
            log.sync();
            assertThat(segmentFiles()).hasSize(1).hasSizeLessThan(before);
        }
    }

    @Test
    void tornTailIsTruncatedToTheLastValidRecordOnRecovery() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 1 << 16))) {
            for (int i = 0; i < 10; i++) {
                log.append(bytes("record-" + i), Priority.TELEMETRY);
            }
            log.sync();
        }
        Path seg = segmentFiles().get(0);
        long whole = Files.size(seg);
        // a crash in the middle of writing an eleventh record: half of it reached the file
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(whole);
            f.writeInt(40);
            f.writeInt(0x1234);
            f.write(bytes("half a rec"));
        }
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 1 << 16))) {
            assertThat(Files.size(seg)).isEqualTo(whole);
            assertThat(texts(readAll(log, 0))).hasSize(10).endsWith("record-9");
            assertThat(log.append(bytes("after"), Priority.TELEMETRY)).isEqualTo(10);
            assertThat(texts(readAll(log, 0))).endsWith("record-9", "after");
        }
    }

    @Test
    void theZeroTailOfASegmentLeftActiveByAKillIsNotDamageAndAppendingGoesOn() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 1 << 16))) {
            for (int i = 0; i < 10; i++) {
                log.append(bytes("record-" + i), Priority.TELEMETRY);
            }
        }
        Path seg = segmentFiles().get(0);
        long whole = Files.size(seg);
        // what a kill leaves: the active segment still sized to a whole segment, zeros after the records
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(1 << 16);
        }
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 1 << 16))) {
            assertThat(texts(readAll(log, 0))).hasSize(10).endsWith("record-9");
            assertThat(log.append(bytes("after"), Priority.TELEMETRY)).isEqualTo(10);
            assertThat(texts(readAll(log, 0))).hasSize(11).endsWith("record-9", "after");
        }
        assertThat(Files.size(seg)).isGreaterThan(whole);
    }

    @Test
    void recordsAppendedWithoutCloseAreInTheFileForAnotherReader() throws IOException {
        SegmentedLog writer = SegmentedLog.open(options(1 << 20, 10_000, 1 << 16));
        try {
            for (int i = 0; i < 5; i++) {
                writer.append(bytes("record-" + i), Priority.TELEMETRY);
            }
            // the writer is neither synced nor closed, as after kill -9: the page cache holds the records
            Path copy = Files.createDirectories(dir.resolve("copy"));
            for (Path p : segmentFiles()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
            try (SegmentedLog reader = SegmentedLog.open(new QueueOptions(copy, 1 << 20, 10_000, 1 << 16))) {
                assertThat(texts(readAll(reader, 0))).containsExactly("record-0", "record-1", "record-2", "record-3", "record-4");
            }
        } finally {
            writer.close();
        }
    }

    @Test
    void theCommitForcesEverySegmentWithUndeliveredRecordsAndNoneThatIsDelivered() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 4096))) {
            for (int i = 0; i < 200; i++) {
                log.append(bytes("record-" + i + "-" + "x".repeat(40)), Priority.TELEMETRY);
            }
            // the appends rolled over into new segments without waiting for the device
            assertThat(segmentFiles()).hasSizeGreaterThan(2);
            assertThat(log.awaitingForce()).containsExactlyElementsOf(segmentFiles());
            log.sync();
            assertThat(log.awaitingForce()).isEmpty();

            long first = log.append(bytes("undelivered"), Priority.TELEMETRY);
            assertThat(log.awaitingForce()).hasSize(1);
            log.release(first + 1);
            // delivered before the commit: nothing to force
            assertThat(log.awaitingForce()).isEmpty();
        }
    }

    @Test
    void aRecordWithABadChecksumIsSkippedAndTheRecordsBehindItAreKept() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 1 << 16))) {
            for (int i = 0; i < 10; i++) {
                log.append(bytes("record-" + i), Priority.TELEMETRY);
            }
        }
        Path seg = segmentFiles().get(0);
        long recordSize = (Files.size(seg) - SegmentHeader.LENGTH) / 10;
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            // flip one payload byte of the eighth record
            long at = SegmentHeader.LENGTH + 7 * recordSize + recordSize - 1;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x55);
        }
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 1 << 16))) {
            assertThat(texts(readAll(log, 0))).containsExactly("record-0", "record-1", "record-2", "record-3", "record-4", "record-5",
                    "record-6", "record-8", "record-9");
            assertThat(log.stats().lostRecords()).isEqualTo(1);
            assertThat(log.stats().damagedBytes()).isEqualTo(recordSize);
            assertThat(log.stats().problem()).contains(seg.getFileName().toString()).contains("CRC32C").contains("offsets 7..7");
        }
        // repaired on disk: the next open finds nothing wrong
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 10_000, 1 << 16))) {
            assertThat(readAll(log, 0)).hasSize(9);
            assertThat(log.stats().lostRecords()).isZero();
        }
    }

    @Test
    void whenFullTheOldestTelemetryIsDroppedAndAlarmsAreKeptInOrder() throws IOException {
        // 4 KiB segments, at most 16 KiB: about 4 segments of ~100 records each
        try (SegmentedLog log = SegmentedLog.open(options(16 * 1024, 100_000, 4096))) {
            log.append(bytes("alarm-first"), Priority.KEEP);
            for (int i = 0; i < 2000; i++) {
                assertThat(log.append(bytes(String.format("tel-%05d", i)), Priority.TELEMETRY)).isNotNegative();
            }
            List<String> left = texts(readAll(log, 0));
            assertThat(left.get(0)).isEqualTo("alarm-first");
            assertThat(left).contains("tel-01999").doesNotContain("tel-00000");
            // what is left of the telemetry is the newest, still in order
            List<String> telemetry = left.subList(1, left.size());
            assertThat(telemetry).isSorted();
            assertThat(log.stats().bytes()).isLessThanOrEqualTo(16 * 1024);
            assertThat(log.stats().dropped()).isPositive();
        }
    }

    @Test
    void boundInRecordsDropsTelemetryToo() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 150, 4096))) {
            for (int i = 0; i < 1000; i++) {
                log.append(bytes(String.format("tel-%05d", i)), Priority.TELEMETRY);
            }
            assertThat(log.stats().records()).isLessThanOrEqualTo(150);
            assertThat(texts(readAll(log, 0))).endsWith("tel-00999");
        }
    }

    @Test
    void telemetryIsRefusedWhenOnlyRecordsThatMustNotBeDroppedFillTheQueueButThoseAreStillTaken() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(8192, 100_000, 4096))) {
            int kept = 0;
            while (log.stats().bytes() < 8192 - 100) {
                log.append(bytes("alarm-" + kept++), Priority.KEEP);
            }
            assertThat(log.append(new byte[100], Priority.TELEMETRY)).isEqualTo(-1);
            assertThat(log.append(bytes("one more alarm"), Priority.KEEP)).isNotNegative();
            assertThat(readAll(log, 0)).hasSize(kept + 1);
        }
    }

    @Test
    void undeliveredRecordsSurviveCompactionAndReopen() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(16 * 1024, 100_000, 4096))) {
            for (int i = 0; i < 50; i++) {
                log.append(bytes("keep-" + i), Priority.KEEP);
                for (int j = 0; j < 20; j++) {
                    log.append(bytes("t"), Priority.TELEMETRY);
                }
            }
            log.sync();
        }
        try (SegmentedLog log = SegmentedLog.open(options(16 * 1024, 100_000, 4096))) {
            List<String> keeps = texts(readAll(log, 0)).stream().filter(s -> s.startsWith("keep-")).toList();
            assertThat(keeps).hasSize(50);
            assertThat(keeps.get(49)).isEqualTo("keep-49");
        }
    }
}
