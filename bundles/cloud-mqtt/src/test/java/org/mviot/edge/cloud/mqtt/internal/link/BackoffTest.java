package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheInitialDelayUpToTheCapWithTheLeastRandomness() {
        Backoff b = new Backoff(100, 1_000, n -> 0);

        assertThat(new long[] {b.nextDelayMillis(), b.nextDelayMillis(), b.nextDelayMillis(), b.nextDelayMillis(), b.nextDelayMillis(),
            b.nextDelayMillis()}).containsExactly(50, 100, 200, 400, 500, 500);
    }

    @Test
    void neverExceedsTheCurrentCeilingWithTheMostRandomness() {
        Backoff b = new Backoff(100, 1_000, n -> n - 1);

        assertThat(new long[] {b.nextDelayMillis(), b.nextDelayMillis(), b.nextDelayMillis(), b.nextDelayMillis(), b.nextDelayMillis()})
                .containsExactly(100, 200, 400, 800, 1_000);
    }

    @Test
    void staysBetweenHalfTheCeilingAndTheCeilingWithRealRandomness() {
        Backoff b = new Backoff(500, 30_000, n -> ThreadLocalRandom.current().nextLong(n));
        for (int attempt = 0; attempt < 100; attempt++) {
            long ceiling = Math.min(30_000, 500L << Math.min(attempt, 40));
            assertThat(b.nextDelayMillis()).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void keepsTheCapAfterManyAttemptsWithoutOverflowing() {
        Backoff b = new Backoff(1L << 30, Long.MAX_VALUE / 2, n -> n - 1);
        long last = 0;
        for (int i = 0; i < 200; i++) {
            long d = b.nextDelayMillis();
            assertThat(d).as("attempt %d", i).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(Long.MAX_VALUE / 2);
            last = d;
        }
        assertThat(last).isEqualTo(Long.MAX_VALUE / 2);
        assertThat(b.attempts()).isEqualTo(200);
    }

    @Test
    void startsOverAfterAReset() {
        Backoff b = new Backoff(100, 1_000, n -> 0);
        b.nextDelayMillis();
        b.nextDelayMillis();

        b.reset();

        assertThat(b.attempts()).isZero();
        assertThat(b.nextDelayMillis()).isEqualTo(50);
    }

    @Test
    void refusesDelaysOutOfOrderNamingBoth() {
        assertThatThrownBy(() -> new Backoff(0, 10, n -> 0)).hasMessageContaining("initial (0)");
        assertThatThrownBy(() -> new Backoff(100, 10, n -> 0)).hasMessageContaining("initial (100) <= max (10)");
    }
}
