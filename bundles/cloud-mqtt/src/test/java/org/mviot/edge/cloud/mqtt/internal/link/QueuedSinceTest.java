package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class QueuedSinceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final QueuedSince since = new QueuedSince();

    @Test
    void recordsFoundAtStartWereQueuedNoLaterThanTheStart() {
        since.observe(10, 15, T0);
        assertThat(since.oldest(10, 15)).isEqualTo(T0);
    }

    @Test
    void theOldestIsTheFirstObservationThatCoversTheCursorAndMovesOnAsRecordsAreDelivered() {
        since.observe(0, 0, T0);
        since.observe(0, 3, T0.plusSeconds(1));
        since.observe(0, 7, T0.plusSeconds(2));
        assertThat(since.oldest(0, 7)).isEqualTo(T0.plusSeconds(1));
        since.observe(3, 7, T0.plusSeconds(3));
        assertThat(since.oldest(3, 7)).as("records 0..2 delivered: record 3 came in the second observation").isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void nothingWaitingHasNoOldest() {
        since.observe(0, 4, T0);
        since.observe(4, 4, T0.plusSeconds(1));
        assertThat(since.oldest(4, 4)).isNull();
        assertThat(since.size()).isZero();
    }

    @Test
    void aLongOutageKeepsABoundedNumberOfObservationsAndTheOldestStaysExact() {
        for (int i = 1; i <= QueuedSince.MAX_MARKS * 3; i++) {
            since.observe(0, i, T0.plusSeconds(i));
        }
        assertThat(since.size()).isEqualTo(QueuedSince.MAX_MARKS);
        assertThat(since.oldest(0, QueuedSince.MAX_MARKS * 3)).isEqualTo(T0.plusSeconds(1));
        Instant middle = since.oldest(QueuedSince.MAX_MARKS * 2, QueuedSince.MAX_MARKS * 3);
        assertThat(middle).as("merged observations answer later, never earlier").isAfterOrEqualTo(T0.plusSeconds(QueuedSince.MAX_MARKS * 2 + 1));
    }
}
