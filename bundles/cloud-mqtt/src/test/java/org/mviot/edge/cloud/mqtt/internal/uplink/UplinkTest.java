package org.mviot.edge.cloud.mqtt.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.UnencodableUpdateException;
import org.mviot.edge.cloud.mqtt.internal.link.Topics;
import org.mviot.edge.cloud.mqtt.internal.queue.Priority;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOptions;
import org.mviot.edge.cloud.mqtt.internal.queue.SegmentedLog;

/** Nothing a stored record holds stops delivery (issue 17, item 4). */
class UplinkTest {

    private static final ThingId THING = new ThingId("ns", "boiler");

    @TempDir
    Path dir;

    /** A broker that acknowledges every publish at once, on another thread, as Paho does. */
    private final ExecutorService acks = Executors.newSingleThreadExecutor();
    private final List<String> published = new ArrayList<>();
    private SegmentedLog log;
    private Uplink uplink;

    @AfterEach
    void close() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        if (log != null) {
            log.close();
        }
        acks.shutdownNow();
    }

    private Transport broker() {
        return (topic, payload, expiry, correlation, outcome) -> {
            synchronized (published) {
                published.add(new String(payload, StandardCharsets.UTF_8));
            }
            acks.execute(() -> outcome.acknowledged(0));
            return true;
        };
    }

    private static TwinUpdate.Changes update(long seq) {
        return new TwinUpdate.Changes(THING, seq, List.of(new PropertyChange("t", "value", (double) seq, seq, Quality.GOOD,
                TimeSource.DEVICE)));
    }

    @Test
    void undecodableRecordsAreSkippedCountedAndTheRecordsBehindThemAreDelivered() throws Exception {
        log = SegmentedLog.open(new QueueOptions(dir.resolve("q"), 1 << 20, 10_000, 64 * 1024));
        uplink = new Uplink(log, broker(), new Topics("mviot", "gw"), 1, 10, 0);
        uplink.offer(update(1));
        log.append(new byte[] {9, 9, 9}, Priority.TELEMETRY); // no known format
        log.append(new byte[] {1, 0, 2, 'n'}, Priority.KEEP); // a change update cut short
        uplink.offer(update(2));
        uplink.connected(100);

        await(() -> log.cursor() == 4, "the cursor passes every record, the undecodable ones too");
        assertThat(uplink.counts().skipped()).isEqualTo(2);
        assertThat(uplink.counts().updates()).isEqualTo(2);
        assertThat(uplink.lastSkipped()).startsWith("record 2: ");
        synchronized (published) {
            assertThat(published).hasSize(2);
            assertThat(published.get(1)).contains("\"sequence\":\"2\"");
        }
    }

    @Test
    void anUpdateTheRecordFormatCannotHoldIsRefusedAtAppendAndNothingIsStored() throws Exception {
        log = SegmentedLog.open(new QueueOptions(dir.resolve("q"), 1 << 20, 10_000, 64 * 1024));
        uplink = new Uplink(log, broker(), new Topics("mviot", "gw"), 1, 10, 0);
        TwinUpdate.Changes huge = new TwinUpdate.Changes(THING, 1, List.of(new PropertyChange("t", "value", "x".repeat(70_000), 1L,
                Quality.GOOD, TimeSource.DEVICE)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> uplink.offer(huge)).isInstanceOf(UnencodableUpdateException.class)
                .hasMessageContaining("text value of 70000 bytes");
        assertThat(log.stats().nextOffset()).isZero();
    }

    @Test
    void aCaughtUpUplinkPublishesOnTheAppendingThreadOnlyOnceTheRecordIsInTheQueue() throws Exception {
        log = SegmentedLog.open(new QueueOptions(dir.resolve("q"), 1 << 20, 10_000, 64 * 1024));
        List<String> seen = new ArrayList<>();
        Transport broker = broker();
        uplink = new Uplink(log, (topic, payload, expiry, correlation, outcome) -> {
            synchronized (seen) {
                seen.add(Thread.currentThread().getName() + " stored=" + log.stats().nextOffset());
            }
            return broker.publish(topic, payload, expiry, correlation, outcome);
        }, new Topics("mviot", "gw"), 1, 10, 0);
        uplink.connected(100);
        awaitReaderIdle();

        uplink.offer(update(1));

        synchronized (seen) {
            assertThat(seen).containsExactly(Thread.currentThread().getName() + " stored=1");
        }
        assertThat(uplink.counts().sentOnAppend()).isEqualTo(1);
        await(() -> log.cursor() == 1, "the PUBACK moves the cursor past the record");
    }

    @Test
    void aRecordTheClientRefusesOnTheAppendingThreadIsSentFromTheQueueAfterwards() throws Exception {
        log = SegmentedLog.open(new QueueOptions(dir.resolve("q"), 1 << 20, 10_000, 64 * 1024));
        Transport broker = broker();
        List<String> attempts = new ArrayList<>();
        uplink = new Uplink(log, (topic, payload, expiry, correlation, outcome) -> {
            synchronized (attempts) {
                attempts.add(Thread.currentThread().getName());
                return attempts.size() > 1 && broker.publish(topic, payload, expiry, correlation, outcome); // the first: going down
            }
        }, new Topics("mviot", "gw"), 1, 10, 0);
        uplink.connected(100);
        awaitReaderIdle();

        uplink.offer(update(1));

        await(() -> log.cursor() == 1, "the reader sends the refused record again from the queue");
        synchronized (attempts) {
            assertThat(attempts).containsExactly(Thread.currentThread().getName(), "mviot-cloud-uplink");
        }
        synchronized (published) {
            assertThat(published).hasSize(1);
            assertThat(published.get(0)).contains("\"sequence\":\"1\"");
        }
    }

    @Test
    void recordsAppendedWhileTheReaderDrainsABacklogLeaveInQueueOrder() throws Exception {
        log = SegmentedLog.open(new QueueOptions(dir.resolve("q"), 64 << 20, 100_000, 1 << 20));
        Transport broker = broker();
        uplink = new Uplink(log, (topic, payload, expiry, correlation, outcome) -> {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000); // a client that takes a while over each publish
            return broker.publish(topic, payload, expiry, correlation, outcome);
        }, new Topics("mviot", "gw"), 1, 10, 0);
        int backlog = 2_000;
        for (int i = 1; i <= backlog; i++) {
            uplink.offer(update(i));
        }
        uplink.connected(2); // a small window: it fills often, and the reader takes over
        // bursts of appends, each begun while the reader drains what came before: the appending thread
        // publishes while the uplink is caught up, the reader whenever the window fills, in turns
        int n = backlog;
        for (int burst = 0; burst < 100; burst++) {
            for (int i = 0; i < 50; i++) {
                uplink.offer(update(++n));
            }
            long behind = n - 20;
            await(() -> log.cursor() >= behind, "the reader nearly caught up");
        }
        int total = n;
        assertThat(uplink.counts().sentOnAppend()).as("records sent on the appending thread").isPositive();
        await(() -> log.cursor() == total, "every record delivered");
        List<Long> sequences = new ArrayList<>();
        synchronized (published) {
            for (String json : published) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"sequence\":\"(\\d+)\"").matcher(json);
                assertThat(m.find()).as("sequence header in %s", json).isTrue();
                sequences.add(Long.parseLong(m.group(1)));
            }
        }
        assertThat(sequences).hasSize(total).isSorted().doesNotHaveDuplicates();
    }

    /** Waits until the uplink's reader, connected with an empty queue, waits for an append (it holds nothing then). */
    private static void awaitReaderIdle() throws InterruptedException {
        await(() -> Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("mviot-cloud-uplink"))
                .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING), "the uplink's reader waits for an append");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Object lock = new Object();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within 20 s: " + what);
            }
            synchronized (lock) {
                lock.wait(10); // polling a condition with a deadline, not standing in for synchronization
            }
        }
    }

}
