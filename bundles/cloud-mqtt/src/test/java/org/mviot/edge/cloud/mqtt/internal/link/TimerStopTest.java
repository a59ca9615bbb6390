package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.cloud.mqtt.internal.queue.Priority;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOptions;
import org.mviot.edge.cloud.mqtt.internal.queue.SegmentedLog;

/** Stopping the link must not interrupt a group commit in progress: the interrupt would close the queue's files. */
class TimerStopTest {

    @TempDir
    Path dir;

    @Test
    void aSyncInProgressFinishesAndTheQueueClosesCleanly() throws Exception {
        SegmentedLog log = SegmentedLog.open(new QueueOptions(dir.resolve("q"), 1 << 20, 10_000, 64 * 1024));
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        timer.execute(() -> {
            started.countDown();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            try {
                // what the periodic sync does, over and over, while the link is being stopped
                while (System.nanoTime() < end) {
                    log.append("x".getBytes(StandardCharsets.UTF_8), Priority.TELEMETRY);
                    log.sync();
                    if (Thread.currentThread().isInterrupted()) {
                        interrupted.set(true);
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        AtomicBoolean periodicRan = new AtomicBoolean();
        timer.scheduleWithFixedDelay(() -> periodicRan.set(true), 1, 1, TimeUnit.HOURS);
        timer.schedule(() -> periodicRan.set(true), 1, TimeUnit.HOURS);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(CloudLink.stopTimer(timer, 5_000)).isTrue();

        assertThat(timer.isTerminated()).isTrue();
        assertThat(interrupted).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(periodicRan).isFalse();
        assertThatCode(log::close).doesNotThrowAnyException();
    }

    @Test
    void aTaskThatDoesNotEndIsLeftAfterTheBound() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        timer.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        assertThat(CloudLink.stopTimer(timer, 100)).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(90L, 3_000L);
        release.countDown();
        assertThat(timer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
}
