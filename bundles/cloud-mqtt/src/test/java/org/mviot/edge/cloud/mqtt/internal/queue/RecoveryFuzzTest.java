package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Recovery under random damage of real segments (issue 17, item 8): bytes flipped, segments cut
 * short, garbage appended, the cursor damaged or pointing anywhere, junk files named like segments.
 * Invariant: opening never fails; every record whose bytes are intact is read (once, in order);
 * nothing that was not appended is returned as a record; the cursor never skips an undelivered
 * intact record; the queue takes appends afterwards and reopens with them.
 */
class RecoveryFuzzTest {

    private static final int SEGMENT = 4096;

    /** One kind of damage: {@code kind} picks what, the numbers where and how. */
    record Damage(int kind, int file, int at, int value) {
    }

    /** Where a record lies in the files before the damage. */
    private record Placed(Path file, long start, long end, long offset, String payload) {
    }

    @Property
    void everyIntactRecordIsReadAndNothingElseWhateverTheDamage(@ForAll @IntRange(min = 1, max = 400) int records,
            @ForAll @IntRange(min = 0, max = 400) int delivered, @ForAll("damage") List<Damage> damage) throws IOException {
        // on tmpfs where there is one: the property checks recovery's logic, not the device, and fsync is free there
        Path shm = Path.of("/dev/shm");
        Path root = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "queue-recovery")
                : Files.createTempDirectory("queue-recovery");
        try {
            Path dir = root.resolve("q");
            QueueOptions options = new QueueOptions(dir, 1 << 20, 100_000, SEGMENT);
            Map<Long, String> appended = new HashMap<>();
            long released = Math.min(delivered, records);
            try (SegmentedLog log = SegmentedLog.open(options)) {
                for (int i = 0; i < records; i++) {
                    String p = "r" + i + "-" + "x".repeat(i % 37);
                    long o = log.append(p.getBytes(StandardCharsets.UTF_8), i % 5 == 0 ? Priority.KEEP : Priority.TELEMETRY);
                    appended.put(o, p);
                }
                log.release(released);
            }
            List<Placed> layout = layout(dir);
            // wholly delivered segments were deleted at close; every undelivered record is in the files
            assertThat(layout.stream().filter(p -> p.offset() >= released)).hasSize((int) (records - released));
            List<Path> segments = layout.stream().map(Placed::file).distinct().toList();
            Map<Path, List<long[]>> touched = new HashMap<>();
            // a cursor written whole (valid CRC) within the log cannot be told from a real one: the gateway trusts it
            long trusted = released;
            for (Damage d : damage) {
                apply(d, dir, segments, touched);
                long written = d.at() * (long) d.value();
                if (d.kind() == 4 && written <= records) {
                    trusted = Math.max(trusted, written);
                }
            }

            List<Entry> got;
            long cursor;
            try (SegmentedLog log = SegmentedLog.open(options)) {
                long t = trusted;
                long firstIntactUndelivered = layout.stream().filter(p -> p.offset() >= t && intact(p, touched) && Files.exists(p.file()))
                        .mapToLong(Placed::offset).min().orElse(Long.MAX_VALUE);
                assertThat(log.cursor()).as("the cursor never passes an intact undelivered record").isLessThanOrEqualTo(firstIntactUndelivered);
                got = readAll(log, 0);
                cursor = log.cursor();
                long before = log.stats().nextOffset();
                assertThat(log.append("after".getBytes(StandardCharsets.UTF_8), Priority.KEEP)).isEqualTo(before);
            }
            for (Entry e : got) {
                assertThat(appended.get(e.offset())).as("record %d is one that was appended", e.offset())
                        .isEqualTo(new String(e.payload(), StandardCharsets.UTF_8));
            }
            assertThat(got).extracting(Entry::offset).isSorted().doesNotHaveDuplicates();
            List<Long> offsets = got.stream().map(Entry::offset).toList();
            for (Placed p : layout) {
                if (intact(p, touched) && Files.exists(p.file())) {
                    assertThat(offsets).as("intact record %d (%s bytes %d..%d), damage %s", p.offset(), p.file().getFileName(), p.start(),
                            p.end(), damage).contains(p.offset());
                }
            }
            try (SegmentedLog log = SegmentedLog.open(options)) {
                List<Entry> again = readAll(log, 0);
                // delivered segments may be deleted at close: the undelivered records are all still there
                assertThat(again).extracting(Entry::offset).containsAll(offsets.stream().filter(o -> o >= cursor).toList());
                assertThat(new String(again.get(again.size() - 1).payload(), StandardCharsets.UTF_8)).isEqualTo("after");
            }
        } finally {
            deleteTree(root);
        }
    }

    @Provide
    Arbitrary<List<Damage>> damage() {
        Arbitrary<Damage> one = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.integers().between(1, 255)).as(Damage::new);
        return one.list().ofMaxSize(4);
    }

    private static void apply(Damage d, Path dir, List<Path> segments, Map<Path, List<long[]>> touched) throws IOException {
        Path seg = segments.get(d.file() % segments.size());
        long size = Files.exists(seg) ? Files.size(seg) : 0;
        switch (d.kind()) {
            case 0, 1 -> { // flip a byte
                if (size > 0) {
                    long at = d.at() % size;
                    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                        f.seek(at);
                        int b = f.read();
                        f.seek(at);
                        f.write(b ^ d.value());
                    }
                    touched.computeIfAbsent(seg, k -> new ArrayList<>()).add(new long[] {at, at + 1});
                }
            }
            case 2 -> { // cut short
                if (size > 0) {
                    long to = d.at() % size;
                    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                        f.setLength(to);
                    }
                    touched.computeIfAbsent(seg, k -> new ArrayList<>()).add(new long[] {to, Long.MAX_VALUE});
                }
            }
            case 3 -> { // garbage appended
                if (Files.exists(seg)) {
                    byte[] junk = new byte[1 + d.at() % 300];
                    new java.util.Random(d.value()).nextBytes(junk);
                    Files.write(seg, junk, java.nio.file.StandardOpenOption.APPEND);
                }
            }
            case 4 -> { // the cursor: any value, with a valid CRC
                ByteBuffer b = ByteBuffer.allocate(12).putLong(0, d.at() * (long) d.value());
                CRC32C crc = new CRC32C();
                crc.update(b.array(), 0, 8);
                b.putInt(8, (int) crc.getValue());
                Files.write(dir.resolve("cursor"), b.array());
            }
            case 5 -> { // the cursor damaged or gone
                if (d.value() % 2 == 0) {
                    Files.deleteIfExists(dir.resolve("cursor"));
                } else if (Files.exists(dir.resolve("cursor"))) {
                    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("cursor").toFile(), "rw")) {
                        f.seek(d.at() % 12);
                        f.write(d.value());
                    }
                }
            }
            default -> { // junk named like a segment
                byte[] junk = new byte[d.at() % 5000];
                new java.util.Random(d.value()).nextBytes(junk);
                Path named = dir.resolve(String.format("%020d.seg", d.at()));
                // over a real segment of that name: the segment is gone
                touched.computeIfAbsent(named, k -> new ArrayList<>()).add(new long[] {0, Long.MAX_VALUE});
                Files.write(named, junk);
            }
        }
    }

    private static boolean intact(Placed p, Map<Path, List<long[]>> touched) {
        for (long[] t : touched.getOrDefault(p.file(), List.of())) {
            if (t[0] < p.end() && p.start() < t[1]) {
                return false;
            }
        }
        return true;
    }

    /** The records as laid out in the files, read with the framing alone (header, length, CRC). */
    private static List<Placed> layout(Path dir) throws IOException {
        List<Placed> out = new ArrayList<>();
        List<Path> segs;
        try (var s = Files.list(dir)) {
            segs = s.filter(p -> p.toString().endsWith(".seg")).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path seg : segs) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
            int at = b.getInt(0) == SegmentHeader.MAGIC ? SegmentHeader.LENGTH : 0;
            while (at + 8 <= b.limit()) {
                int len = b.getInt(at);
                long offset = b.getLong(at + 8);
                String payload = new String(b.array(), at + 17, len - 9, StandardCharsets.UTF_8);
                out.add(new Placed(seg, at, at + 8 + len, offset, payload));
                at += 8 + len;
            }
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

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
