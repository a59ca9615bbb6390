package org.mviot.edge.timesync.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The clock under a hand-driven system clock and monotonic clock, so every step is known. */
class SlewedClockTest {

    private static final long MS = 1_000_000;
    private final AtomicLong systemMillis = new AtomicLong(1_000_000);
    private final AtomicLong nanoTime = new AtomicLong(0);
    private final SlewedClock clock = new SlewedClock(systemMillis::get, nanoTime::get, 50_000);

    private void advance(long millis) {
        systemMillis.addAndGet(millis);
        nanoTime.addAndGet(millis * MS);
    }

    @Test
    void aForwardCorrectionIsAppliedAtOnce() {
        clock.correct(2000 * MS);

        assertThat(clock.currentTimeMillis()).isEqualTo(1_002_000);
        assertThat(clock.remainingSlewNanos()).isZero();
    }

    @Test
    void aBackwardCorrectionIsSlewedAtTheConfiguredRateAndNeverStepsBack() {
        clock.correct(2000 * MS);
        long before = clock.currentTimeMillis();

        clock.correct(-2000 * MS);
        long previous = before;
        for (int i = 0; i < 100; i++) {
            advance(1000);
            long t = clock.currentTimeMillis();
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
        }
        // 4 s to give back at 5 %: after 100 s, 5 s of slewing capacity: done
        assertThat(clock.remainingSlewNanos()).isZero();
        assertThat(clock.currentTimeMillis()).isEqualTo(systemMillis.get() - 2000);
    }

    @Test
    void whileSlewingTimeRunsSlowerByTheSlewRate() {
        clock.correct(-2000 * MS);
        long t0 = clock.currentTimeMillis();

        advance(10_000);

        assertThat(clock.currentTimeMillis() - t0).isEqualTo(9_500);
        assertThat(clock.remainingSlewNanos()).isEqualTo(1500 * MS);
    }

    @Test
    void aSystemClockSteppedBackIsHeldUntilItCatchesUp() {
        long t0 = clock.currentTimeMillis();
        systemMillis.addAndGet(-5000);

        assertThat(clock.currentTimeMillis()).isEqualTo(t0);
        systemMillis.addAndGet(5001);
        assertThat(clock.currentTimeMillis()).isEqualTo(t0 + 1);
    }

    @Test
    void aSystemClockSteppedByTheDisciplineLeavesTheHandedOutTimeWhereItWas() {
        clock.correct(2000 * MS);
        long before = clock.currentTimeMillis();

        systemMillis.addAndGet(2000); // the discipline stepped the system clock by the offset
        clock.rebase(2000 * MS);

        assertThat(clock.currentTimeMillis()).isEqualTo(before);
        assertThat(clock.appliedOffsetNanos()).isZero();
    }
}
