package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mviot.edge.cloud.mqtt.internal.seal.QueueSealing;
import org.mviot.edge.cloud.mqtt.internal.seal.RecordSealer;
import org.mviot.edge.cloud.mqtt.internal.seal.SealCipher;

/** The queue encrypted at rest: nothing in clear on disk, tampering skipped and counted, keys and switches handled. */
class SealedQueueTest {

    private static final String MARKER = "PLAINTEXT-MARKER-7f3a9c";

    @TempDir
    Path dir;

    private QueueOptions options(boolean encrypt, SealCipher cipher) {
        return new QueueOptions(dir.resolve("q"), 1 << 22, 100_000, 4096,
                new QueueSealing(encrypt, cipher, dir.resolve("queue.key"), dir.resolve("queue.nonce")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readAll(RecordQueue q) throws IOException {
        List<String> out = new ArrayList<>();
        long from = 0;
        for (int i = 0; i < 10_000; i++) {
            List<Entry> chunk = q.read(from, 64);
            if (chunk.isEmpty()) {
                return out;
            }
            for (Entry e : chunk) {
                out.add(new String(e.payload(), StandardCharsets.UTF_8));
            }
            from = chunk.get(chunk.size() - 1).offset() + 1;
        }
        throw new AssertionError("read did not end");
    }

    private List<Path> segmentFiles() throws IOException {
        try (var s = Files.list(dir.resolve("q"))) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Where each record of a format 2/3 segment starts (offset → file position). */
    private static Map<Long, Integer> records(byte[] file) {
        Map<Long, Integer> at = new TreeMap<>();
        int p = 20;
        ByteBuffer b = ByteBuffer.wrap(file);
        while (p + 8 <= file.length && b.getInt(p) > 0) {
            at.put(b.getLong(p + 8), p);
            p += 8 + b.getInt(p);
        }
        return at;
    }

    /** Rewrites a record's CRC32C as an attacker who changed it would. */
    private static void fixCrc(byte[] file, int record) {
        ByteBuffer b = ByteBuffer.wrap(file);
        CRC32C crc = new CRC32C();
        crc.update(file, record + 8, b.getInt(record));
        b.putInt(record + 4, (int) crc.getValue());
    }

    private void appendUpdates(SealCipher cipher, int n) throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(true, cipher))) {
            for (int i = 0; i < n; i++) {
                log.append(bytes("{\"value\":\"" + MARKER + "\",\"n\":" + i + "}"), Priority.TELEMETRY);
            }
            log.sync();
        }
    }

    @ParameterizedTest
    @EnumSource(SealCipher.class)
    void noSegmentFileHoldsAValueInClearAndEveryUpdateReadsBack(SealCipher cipher) throws IOException {
        appendUpdates(cipher, 300);
        List<Path> files = segmentFiles();
        assertThat(files).hasSizeGreaterThan(1);
        try (var all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                assertThat(contains(Files.readAllBytes(p), bytes(MARKER))).as("marker in clear in %s", p).isFalse();
                assertThat(contains(Files.readAllBytes(p), bytes("\"n\":"))).as("JSON in clear in %s", p).isFalse();
            }
        }
        try (SegmentedLog log = SegmentedLog.open(options(true, cipher))) {
            List<String> back = readAll(log);
            assertThat(back).hasSize(300);
            assertThat(back.get(299)).isEqualTo("{\"value\":\"" + MARKER + "\",\"n\":299}");
            assertThat(log.stats().sealing()).isEqualTo(cipher.setting());
            assertThat(log.stats().tampered()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SealCipher.class)
    void theSameSealedRecordReadTwiceInARowOpensBothTimes(SealCipher cipher) throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(true, cipher))) {
            log.append(bytes(MARKER), Priority.KEEP);
            // a reconnect reads the undelivered record again
            assertThat(readAll(log)).containsExactly(MARKER);
            assertThat(readAll(log)).containsExactly(MARKER);
            assertThat(log.stats().tampered()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SealCipher.class)
    void aRecordDamagedOnDiskRightAfterItWasAppendedIsSkippedAlthoughItsPayloadWasKeptForTheReadBack(SealCipher cipher)
            throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(true, cipher))) {
            for (int i = 0; i < 3; i++) {
                log.append(bytes("{\"value\":\"" + MARKER + "\",\"n\":" + i + "}"), Priority.KEEP);
            }
            log.sync();
            Path seg = segmentFiles().get(0);
            byte[] file = Files.readAllBytes(seg);
            int second = records(file).get(1L);
            int at = second + 8 + 9 + 2;
            // one byte changed in place (the segment is mapped: never truncate it), CRC not fixed: the scan finds damage
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(seg, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {(byte) (file[at] ^ 0x01)}), at);
            }
            List<String> back = readAll(log);
            assertThat(back).hasSize(2).noneMatch(s -> s.contains("\"n\":1}"));
            assertThat(back.get(1)).contains("\"n\":2}");
            assertThat(log.stats().lostRecords()).isPositive();
        }
    }

    @Test
    void aFullSealedQueueCompactsItsSegmentsAndTheKeptRecordsStillOpen() throws IOException {
        QueueOptions small = new QueueOptions(dir.resolve("q"), 16384, 100_000, 4096,
                new QueueSealing(true, SealCipher.AES_GCM, dir.resolve("queue.key"), dir.resolve("queue.nonce")));
        try (SegmentedLog log = SegmentedLog.open(small)) {
            for (int i = 0; i < 600; i++) {
                log.append(bytes((i % 50 == 0 ? "keep-" : "telemetry-") + i), i % 50 == 0 ? Priority.KEEP : Priority.TELEMETRY);
            }
            assertThat(log.stats().dropped()).isPositive();
        }
        try (SegmentedLog log = SegmentedLog.open(small)) {
            List<String> back = readAll(log);
            assertThat(back).filteredOn(t -> t.startsWith("keep-")).hasSize(12);
            assertThat(log.stats().tampered()).isZero();
            assertThat(log.stats().lostRecords()).isZero();
        }
        for (Path p : segmentFiles()) {
            assertThat(contains(Files.readAllBytes(p), bytes("keep-"))).isFalse();
        }
    }

    @Test
    void theKeyFileIsOwnerOnlyAndThirtyTwoRandomBytes() throws IOException {
        appendUpdates(SealCipher.CHACHA20_POLY1305, 1);
        Path key = dir.resolve("queue.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.size(key)).isEqualTo(32);
    }

    @ParameterizedTest
    @EnumSource(SealCipher.class)
    void aRecordChangedWithItsCrcFixedIsSkippedAndCountedAndTheRecordsAfterItAreDelivered(SealCipher cipher) throws IOException {
        appendUpdates(cipher, 5);
        Path seg = segmentFiles().get(0);
        byte[] file = Files.readAllBytes(seg);
        int second = records(file).get(1L);
        file[second + 8 + 9 + RecordSealer.OVERHEAD - 16 + 3] ^= 0x01;
        fixCrc(file, second);
        Files.write(seg, file);
        try (SegmentedLog log = SegmentedLog.open(options(true, cipher))) {
            List<String> back = readAll(log);
            assertThat(back).hasSize(4).noneMatch(s -> s.contains("\"n\":1}"));
            assertThat(back.get(1)).contains("\"n\":2}");
            assertThat(log.stats().tampered()).isEqualTo(1);
            assertThat(log.stats().problem()).contains("sealed record 1").contains("does not open");
            // read again (a reconnect re-reads): counted once
            readAll(log);
            assertThat(log.stats().tampered()).isEqualTo(1);
        }
    }

    @Test
    void aFlippedByteWithoutCrcFixIsDamageThatIsSkippedAndTheRecordsAfterItAreDelivered() throws IOException {
        appendUpdates(SealCipher.AES_GCM, 5);
        Path seg = segmentFiles().get(0);
        byte[] file = Files.readAllBytes(seg);
        int third = records(file).get(2L);
        file[third + 40] ^= 0x40;
        Files.write(seg, file);
        try (SegmentedLog log = SegmentedLog.open(options(true, SealCipher.AES_GCM))) {
            List<String> back = readAll(log);
            assertThat(back).hasSize(4).noneMatch(s -> s.contains("\"n\":2}"));
            assertThat(log.stats().lostRecords()).isEqualTo(1);
        }
    }

    @Test
    void twoRecordsSwappedWithTheirOffsetsKeptDoNotOpen() throws IOException {
        appendUpdates(SealCipher.CHACHA20_POLY1305, 4);
        Path seg = segmentFiles().get(0);
        byte[] file = Files.readAllBytes(seg);
        Map<Long, Integer> at = records(file);
        int a = at.get(1L);
        int b = at.get(2L);
        int length = ByteBuffer.wrap(file).getInt(a);
        assertThat(ByteBuffer.wrap(file).getInt(b)).isEqualTo(length);
        // swap the sealed payloads (after offset and priority), keep each record's offset, fix both CRCs
        int payload = 8 + 9;
        byte[] tmp = java.util.Arrays.copyOfRange(file, a + payload, a + 8 + length);
        System.arraycopy(file, b + payload, file, a + payload, tmp.length);
        System.arraycopy(tmp, 0, file, b + payload, tmp.length);
        fixCrc(file, a);
        fixCrc(file, b);
        Files.write(seg, file);
        try (SegmentedLog log = SegmentedLog.open(options(true, SealCipher.CHACHA20_POLY1305))) {
            List<String> back = readAll(log);
            assertThat(back).hasSize(2);
            assertThat(back.get(0)).contains("\"n\":0}");
            assertThat(back.get(1)).contains("\"n\":3}");
            assertThat(log.stats().tampered()).isEqualTo(2);
        }
    }

    @Test
    void aPlainQueueOpenedWithEncryptionOnDeliversItsOldRecordsAndSealsTheNewOnes() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(options(false, SealCipher.AES_GCM))) {
            log.append(bytes("old-" + MARKER), Priority.TELEMETRY);
        }
        try (SegmentedLog log = SegmentedLog.open(options(true, SealCipher.AES_GCM))) {
            log.append(bytes("new-" + MARKER), Priority.KEEP);
            assertThat(readAll(log)).containsExactly("old-" + MARKER, "new-" + MARKER);
        }
        List<Path> files = segmentFiles();
        assertThat(files).hasSize(2);
        assertThat(contains(Files.readAllBytes(files.get(0)), bytes("old-" + MARKER))).isTrue();
        assertThat(contains(Files.readAllBytes(files.get(1)), bytes(MARKER))).isFalse();
    }

    @Test
    void aSealedQueueOpenedWithEncryptionOffDeliversItsSealedRecordsWithTheKeyAndStoresNewOnesPlain() throws IOException {
        appendUpdates(SealCipher.CHACHA20_POLY1305, 2);
        try (SegmentedLog log = SegmentedLog.open(options(false, SealCipher.CHACHA20_POLY1305))) {
            log.append(bytes("plain-now"), Priority.TELEMETRY);
            List<String> back = readAll(log);
            assertThat(back).hasSize(3);
            assertThat(back.get(0)).contains(MARKER);
            assertThat(back.get(2)).isEqualTo("plain-now");
            assertThat(log.stats().sealing()).isEqualTo("off");
        }
    }

    @Test
    void sealedRecordsWithTheirKeyFileMissingAreKeptUntouchedAndReportedThenDeliveredOnceTheKeyIsBack() throws IOException {
        appendUpdates(SealCipher.AES_GCM, 20);
        Path key = dir.resolve("queue.key");
        Path aside = dir.resolve("key-backup");
        Files.move(key, aside);
        Map<Path, byte[]> before = new TreeMap<>();
        for (Path p : segmentFiles()) {
            before.put(p, Files.readAllBytes(p));
        }
        for (boolean encrypt : new boolean[] {true, false}) {
            try (RecordQueue q = QueueOpener.open(options(encrypt, SealCipher.AES_GCM))) {
                assertThat(q.stats().status()).isEqualTo(QueueStatus.KEY_UNAVAILABLE);
                assertThat(q.stats().problem()).contains(key.toString()).contains("missing").contains("kept on disk");
                q.append(bytes("waits in memory"), Priority.TELEMETRY);
                assertThat(readAll(q)).containsExactly("waits in memory");
            }
            assertThat(Files.exists(key)).as("no new key may replace the lost one").isFalse();
            for (Path p : segmentFiles()) {
                assertThat(Files.readAllBytes(p)).isEqualTo(before.get(p));
            }
            assertThat(segmentFiles()).isEqualTo(List.copyOf(before.keySet()));
        }
        Files.move(aside, key);
        try (RecordQueue q = QueueOpener.open(options(true, SealCipher.AES_GCM))) {
            assertThat(q.stats().status()).isEqualTo(QueueStatus.OK);
            assertThat(readAll(q)).hasSize(20);
        }
    }

    @Test
    void aKeyFileOfTheWrongSizeIsReportedNotReplaced() throws IOException {
        appendUpdates(SealCipher.AES_GCM, 3);
        Path key = dir.resolve("queue.key");
        Files.write(key, new byte[7]);
        try (RecordQueue q = QueueOpener.open(options(true, SealCipher.AES_GCM))) {
            assertThat(q.stats().status()).isEqualTo(QueueStatus.KEY_UNAVAILABLE);
            assertThat(q.stats().problem()).contains("holds 7 bytes");
        }
        assertThat(Files.size(key)).isEqualTo(7);
    }

    @Test
    void anotherKeyOpensNothingAndEveryRecordIsCountedAsTampered() throws IOException {
        appendUpdates(SealCipher.CHACHA20_POLY1305, 3);
        byte[] other = new byte[32];
        other[0] = 1;
        Files.write(dir.resolve("queue.key"), other);
        try (SegmentedLog log = SegmentedLog.open(options(true, SealCipher.CHACHA20_POLY1305))) {
            assertThat(readAll(log)).isEmpty();
            assertThat(log.stats().tampered()).isEqualTo(3);
        }
    }

    @Test
    void noncesStayUniqueAcrossRestartsOfTheQueue() throws IOException {
        for (int run = 0; run < 4; run++) {
            SegmentedLog log = SegmentedLog.open(options(true, SealCipher.AES_GCM));
            for (int i = 0; i < 50; i++) {
                log.append(bytes("r" + run + "-" + i), Priority.KEEP);
            }
            log.sync();
            if (run % 2 == 0) {
                log.close();
            }
            // odd runs end without close, as a crash would
        }
        Set<String> nonces = new HashSet<>();
        int count = 0;
        for (Path p : segmentFiles()) {
            byte[] file = Files.readAllBytes(p);
            for (int at : records(file).values()) {
                byte[] nonce = java.util.Arrays.copyOfRange(file, at + 8 + 9 + 1, at + 8 + 9 + 1 + 12);
                nonces.add(java.util.HexFormat.of().formatHex(nonce));
                count++;
            }
        }
        assertThat(count).isEqualTo(200);
        assertThat(nonces).hasSize(200);
    }
}
