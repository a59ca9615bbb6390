package org.mviot.edge.cloud.mqtt.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

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
 * <p>Where the time goes: beside each seal figure, the JDK's own cost of the same work on a reused
 * {@link Cipher} ({@code init} alone, and {@code init + updateAAD + doFinal} into a reused array):
 * what {@link RecordSealer} adds is the difference.
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
        System.out.println("| cipher | payload bytes | seal ns/record | open ns/record | JCE init ns | JCE init+seal ns |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
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
                long[] jce = jce(c, size, n);
                System.out.printf("| %s | %d | %d | %d | %d | %d |%n", c.setting(), size, median(seal) / n, median(open) / n, jce[0], jce[1]);
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

    /** The JDK's cost alone: {init, init + updateAAD + doFinal} in ns per record, on one reused Cipher. */
    private static long[] jce(SealCipher c, int size, int n) throws Exception {
        boolean aes = c == SealCipher.AES_GCM;
        SecretKeySpec key = new SecretKeySpec(new byte[32], aes ? "AES" : "ChaCha20");
        Cipher cipher = Cipher.getInstance(aes ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
        byte[] nonce = new byte[SealCipher.NONCE_BYTES];
        byte[] aad = new byte[10];
        byte[] plain = new byte[size];
        byte[] out = new byte[size + SealCipher.TAG_BYTES];
        long[] init = new long[ROUNDS];
        long[] sealed = new long[ROUNDS];
        long counter = 0;
        for (int r = -WARMUP; r < ROUNDS; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                ByteBuffer.wrap(nonce).putLong(4, counter++);
                cipher.init(Cipher.ENCRYPT_MODE, key, aes ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
            }
            long t1 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                ByteBuffer.wrap(nonce).putLong(4, counter++);
                cipher.init(Cipher.ENCRYPT_MODE, key, aes ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
                cipher.updateAAD(aad);
                cipher.doFinal(plain, 0, size, out, 0);
            }
            long t2 = CPU.getCurrentThreadCpuTime();
            if (r >= 0) {
                init[r] = t1 - t0;
                sealed[r] = t2 - t1;
            }
        }
        return new long[] {median(init) / n, median(sealed) / n};
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
