package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mviot.edge.cloud.mqtt.internal.queue.MemoryQueue;
import org.mviot.edge.cloud.mqtt.internal.queue.Priority;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOptions;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueStatus;
import org.mviot.edge.testsupport.ManualScheduler;

/** When the queue's group commit runs, on a clock the test moves by hand. */
class QueueSyncTest {

    private final ManualScheduler timer = new ManualScheduler();
    private final MemoryQueue queue = new MemoryQueue(new QueueOptions(Path.of("unused"), 1 << 20, 1000, 1 << 16), 0, QueueStatus.MEMORY_ONLY, "");
    /** Commits handed to the io executor, run at once. */
    private final AtomicInteger commits = new AtomicInteger();
    private final QueueSync sync = new QueueSync(queue, timer, r -> {
        commits.incrementAndGet();
        r.run();
    }, 200, e -> {
        throw new AssertionError(e);
    }, timer::now);

    @Test
    void anIdleQueueIsCommittedLessAndLessOftenDownToOnceEveryFiveSeconds() {
        sync.start();
        assertThat(timer.dueInMillis()).isEqualTo(200);
        timer.advanceMillis(200); // first commit: nothing known yet, so not idle
        assertThat(timer.dueInMillis()).isEqualTo(200);
        timer.advanceMillis(200);
        assertThat(timer.dueInMillis()).isEqualTo(400);
        timer.advanceMillis(400);
        assertThat(timer.dueInMillis()).isEqualTo(800);
        timer.advanceMillis(800 + 1600 + 3200);
        assertThat(timer.dueInMillis()).isEqualTo(QueueSync.IDLE_MILLIS);
    }

    @Test
    void theFirstUpdateAfterAQuietSpellIsCommittedWithinOneInterval() throws Exception {
        sync.start();
        timer.advanceMillis(200 + 200 + 400 + 800);
        assertThat(timer.dueInMillis()).isEqualTo(1600);

        timer.advanceMillis(100);
        queue.append(new byte[] {1, 2, 3}, Priority.TELEMETRY);
        sync.appended();
        assertThat(timer.dueInMillis()).isEqualTo(200);
        timer.advanceMillis(200);
        assertThat(timer.dueInMillis()).as("updates flowed since the last commit: full rate").isEqualTo(200);
    }

    @Test
    void aQuietQueueIsCommittedOnceMoreAfterSettlingAndThenLooksCommitNothing() throws Exception {
        sync.start();
        timer.advanceMillis(200);
        assertThat(commits).as("the first look knows nothing yet: it commits").hasValue(1);
        timer.advanceMillis(200 + 400 + 800 + 1600);
        assertThat(commits).as("quiet for 3 s: nothing to commit").hasValue(1);
        timer.advanceMillis(3200);
        assertThat(commits).as("quiet for 6.2 s: the settling commit (a moved cursor is written)").hasValue(2);
        timer.advanceMillis(5 * QueueSync.IDLE_MILLIS);
        assertThat(commits).as("settled: looks only").hasValue(2);
        assertThat(timer.dueInMillis()).isEqualTo(QueueSync.IDLE_MILLIS);

        queue.append(new byte[] {1}, Priority.TELEMETRY);
        sync.appended();
        timer.advanceMillis(200);
        assertThat(commits).as("a change is committed within one interval").hasValue(3);
    }

    @Test
    void aStoppedCommitSchedulesNothingMore() {
        sync.start();
        sync.stop();
        assertThat(timer.waiting()).isZero();
    }
}
