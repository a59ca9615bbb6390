package org.mviot.edge.cloud.mqtt.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

import org.mviot.edge.cloud.mqtt.internal.queue.Priority;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOptions;
import org.mviot.edge.cloud.mqtt.internal.queue.SegmentedLog;
import org.mviot.edge.cloud.mqtt.internal.seal.NonceReservation;
import org.mviot.edge.cloud.mqtt.internal.seal.NonceSequence;
import org.mviot.edge.cloud.mqtt.internal.seal.QueueSealing;
import org.mviot.edge.cloud.mqtt.internal.seal.RecordSealer;
import org.mviot.edge.cloud.mqtt.internal.seal.SealCipher;

/**
 * The cost of sealing queue records, for {@code bench/sealing.sh}: per cipher and payload size,
 * the time of {@link RecordSealer#seal} and {@link RecordSealer#open} per record, and of a whole
 * {@link SegmentedLog#append} sealed and plain (the difference is what sealing adds to an update).
 * Each figure is the median of 7 rounds of N records after 3 rounds of warm-up, in the thread's CPU
 * time ({@code ThreadMXBean}): on a machine shared with other work, wall-clock time would count the
 * time the thread waited for a core (the append figures include the file work). Not a test.
 *
 * <p>Arguments: work-dir [records-per-round=200000]
 */
public final class SealingBenchmark {

    private static final int[] SIZES = {82, 256, 1024};
    private static final int ROUNDS = 7;
    private static final int WARMUP = 3;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private SealingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        System.out.println("| cipher | payload bytes | seal ns/record | open ns/record |");
        System.out.println("|---|---:|---:|---:|");
        for (SealCipher c : SealCipher.values()) {
            RecordSealer sealer = new RecordSealer(key, c, new NonceSequence(new NonceReservation(work.resolve("nonce-" + c.setting())),
                    new SecureRandom(), true));
            for (int size : SIZES) {
                byte[] plain = new byte[size];
                new Random(size).nextBytes(plain);
                // a ring of distinct sealed records, opened in turn (each with its own offset and nonce, as a queue read is)
                ByteBuffer[] ring = new ByteBuffer[1024];
                for (int k = 0; k < ring.length; k++) {
                    ring[k] = ByteBuffer.allocate(RecordSealer.sealedLength(size));
                }
                long[] seal = new long[ROUNDS];
                long[] open = new long[ROUNDS];
                long sink = 0;
                for (int r = -WARMUP; r < ROUNDS; r++) {
                    long t0 = CPU.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        ByteBuffer out = ring[i & 1023].clear();
                        sealer.seal(i & 1023, Priority.TELEMETRY.code(), plain, out);
                    }
                    long t1 = CPU.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        ByteBuffer in = ring[i & 1023];
                        sink += sealer.open(i & 1023, Priority.TELEMETRY.code(), in.array(), 0, in.position()).length;
                    }
                    long t2 = CPU.getCurrentThreadCpuTime();
                    if (r >= 0) {
                        seal[r] = t1 - t0;
                        open[r] = t2 - t1;
                    }
                }
                if (sink != (long) (ROUNDS + WARMUP) * n * size) {
                    throw new AssertionError("opened records have the wrong size");
                }
                System.out.printf("| %s | %d | %d | %d |%n", c.setting(), size, median(seal) / n, median(open) / n);
            }
        }
        System.out.println();
        System.out.println("| queue.encrypt | payload bytes | SegmentedLog.append ns/record |");
        System.out.println("|---|---:|---:|");
        for (String mode : new String[] {"off", "aes-gcm", "chacha20-poly1305"}) {
            byte[] plain = new byte[82];
            new Random(82).nextBytes(plain);
            long[] append = new long[ROUNDS];
            for (int r = -WARMUP; r < ROUNDS; r++) {
                Path dir = Files.createTempDirectory(work, "q");
                QueueSealing sealing = mode.equals("off") ? QueueSealing.off()
                        : new QueueSealing(true, SealCipher.bySetting(mode), dir.resolve("queue.key"), dir.resolve("queue.nonce"));
                try (SegmentedLog log = SegmentedLog.open(new QueueOptions(dir.resolve("q"), 1L << 30, 10_000_000, 1 << 20, sealing))) {
                    long t0 = CPU.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        log.append(plain, Priority.TELEMETRY);
                        if ((i & 1023) == 1023) {
                            // delivered as it goes, as a connected gateway's queue is: segments come and go
                            log.release(i + 1);
                        }
                    }
                    long t1 = CPU.getCurrentThreadCpuTime();
                    if (r >= 0) {
                        append[r] = t1 - t0;
                    }
                }
            }
            System.out.printf("| %s | 82 | %d |%n", mode, median(append) / n);
        }
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
