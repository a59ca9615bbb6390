package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backlog's bytes that {@code mviot-edge status} shows: about the undelivered records' share of the queue, 0 when none wait. */
class BacklogBytesTest {

    private static final byte[] RECORD = new byte[1000];

    @Test
    void theDiskQueuesBacklogBytesShrinkAsRecordsAreDeliveredAndAreZeroWhenNoneWait(@TempDir Path dir) throws Exception {
        try (SegmentedLog log = SegmentedLog.open(new QueueOptions(dir.resolve("q"), 1 << 22, 100_000, 1 << 14))) {
            for (int i = 0; i < 40; i++) {
                log.append(RECORD, Priority.TELEMETRY);
            }
            long all = log.stats().backlogBytes();
            assertThat(all).isGreaterThanOrEqualTo(40L * RECORD.length).isLessThanOrEqualTo(log.stats().bytes());
            log.release(30);
            long quarter = log.stats().backlogBytes();
            assertThat(quarter).isBetween(10L * RECORD.length, all / 2);
            log.release(40);
            assertThat(log.stats().backlogBytes()).isZero();
        }
    }

    @Test
    void theMemoryQueuesBacklogBytesAreWhatItHolds() {
        MemoryQueue q = new MemoryQueue(new QueueOptions(Path.of("unused"), 1 << 20, 100, 4096), 0, QueueStatus.MEMORY_ONLY, "");
        q.append(RECORD, Priority.TELEMETRY);
        q.append(RECORD, Priority.TELEMETRY);
        assertThat(q.stats().backlogBytes()).isGreaterThanOrEqualTo(2L * RECORD.length);
        q.release(2);
        assertThat(q.stats().backlogBytes()).isZero();
    }
}
