package org.mviot.edge.cloud.mqtt.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SkippedRecordsTest {

    @Test
    void aDamagedQueueIsLoggedAtMostOncePerIntervalButEveryRecordIsCounted() {
        AtomicLong now = new AtomicLong();
        SkippedRecords skipped = new SkippedRecords(now::get);

        assertThat(skipped.skipped(1, "unknown queue record format 9")).as("the first is logged").isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(SkippedRecords.LOG_SECONDS) - 1);
        for (int i = 2; i < 1000; i++) {
            assertThat(skipped.skipped(i, "cut short")).as("record %d within the interval", i).isFalse();
        }
        now.addAndGet(1);
        assertThat(skipped.skipped(1000, "cut short")).as("the next one after the interval").isTrue();

        assertThat(skipped.count()).isEqualTo(1000);
        assertThat(skipped.lastReason()).isEqualTo("record 1000: cut short");
    }
}
