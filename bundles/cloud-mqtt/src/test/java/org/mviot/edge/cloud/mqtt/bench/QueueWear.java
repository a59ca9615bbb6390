package org.mviot.edge.cloud.mqtt.bench;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.mviot.edge.cloud.mqtt.internal.queue.Priority;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOptions;
import org.mviot.edge.cloud.mqtt.internal.queue.SegmentedLog;

/**
 * The queue as a connected gateway uses it, for {@code bench/wear.sh}, which counts what reaches
 * the storage device: RATE records/s of 82 bytes for SECONDS, each delivered (released) DELIVER_MS
 * after its append (a PUBACK), the group commit every 200 ms. Not a test.
 *
 * <p>Arguments: queue-dir rate seconds deliver-ms segment-bytes
 */
public final class QueueWear {

    private QueueWear() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        long deliverNanos = Long.parseLong(args[3]) * 1_000_000L;
        SegmentedLog log = SegmentedLog.open(new QueueOptions(dir, 1L << 30, 10_000_000, Integer.parseInt(args[4])));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleWithFixedDelay(() -> {
            try {
                log.sync();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        byte[] payload = new byte[82];
        new Random(1).nextBytes(payload);
        ArrayDeque<long[]> inFlight = new ArrayDeque<>();
        long start = System.nanoTime();
        int n = rate * seconds;
        for (int i = 0; i < n; i++) {
            long due = start + (long) i * 1_000_000_000L / rate;
            for (long now; (now = System.nanoTime()) < due; ) {
                while (!inFlight.isEmpty() && now - inFlight.peekFirst()[1] >= deliverNanos) {
                    log.release(inFlight.pollFirst()[0] + 1);
                }
                LockSupport.parkNanos(Math.min(due - now, 200_000));
            }
            inFlight.add(new long[] {log.append(payload, Priority.TELEMETRY), System.nanoTime()});
        }
        long end = System.nanoTime() + deliverNanos;
        while (!inFlight.isEmpty()) {
            LockSupport.parkNanos(Math.max(1, end - System.nanoTime()));
            log.release(inFlight.pollFirst()[0] + 1);
        }
        // two more commits after the last delivery, then the gateway would go on running
        long settle = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < settle) {
            LockSupport.parkNanos(settle - System.nanoTime());
        }
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        System.out.println(n);
    }
}
