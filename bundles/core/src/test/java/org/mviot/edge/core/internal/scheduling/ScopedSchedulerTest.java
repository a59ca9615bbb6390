package org.mviot.edge.core.internal.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScopedSchedulerTest {

    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    @Property(tries = 500)
    void theFirstRunOfAPeriodicTaskIsTheFirstGridPointAtOrAfterTheRequestedDelay(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long now,
            @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long origin, @ForAll @LongRange(min = 0, max = 100_000_000_000L) long delay,
            @ForAll @LongRange(min = 1, max = 10_000_000_000L) long step) {
        long first = ScopedScheduler.alignedDelay(now, origin, delay, step);
        assertThat(first).isGreaterThanOrEqualTo(delay).isLessThan(delay + step);
        assertThat(Math.floorMod(now + first - origin, step)).isZero();
    }

    @Test
    void twoOneSecondTasksScheduledAtDifferentMomentsFireOnTheSameGridPoint() {
        long second = TimeUnit.SECONDS.toNanos(1);
        long a = ScopedScheduler.alignedDelay(5_300_000_000L, 0, second, second);
        long b = ScopedScheduler.alignedDelay(5_800_000_000L, 0, second, second);
        assertThat(5_300_000_000L + a).isEqualTo(5_800_000_000L + b).isEqualTo(7_000_000_000L);
    }

    @Test
    void shuttingOneViewDownCancelsItsTasksOnlyAndTheSharedThreadRunsTheOthers() throws Exception {
        ScopedScheduler core = new ScopedScheduler(thread, System.nanoTime(), System::nanoTime);
        ScopedScheduler policy = new ScopedScheduler(thread, System.nanoTime(), System::nanoTime);
        AtomicInteger policyRuns = new AtomicInteger();
        ScheduledFuture<?> periodic = policy.scheduleWithFixedDelay(policyRuns::incrementAndGet, 1, 1, TimeUnit.HOURS);
        ScheduledFuture<?> later = policy.schedule(policyRuns::incrementAndGet, 1, TimeUnit.HOURS);

        policy.shutdownNow();

        assertThat(periodic.isCancelled()).isTrue();
        assertThat(later.isCancelled()).isTrue();
        assertThat(policy.isShutdown()).isTrue();
        assertThat(policy.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> policy.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        CountDownLatch ran = new CountDownLatch(3);
        core.scheduleAtFixedRate(ran::countDown, 0, 1, TimeUnit.MILLISECONDS);
        assertThat(ran.await(10, TimeUnit.SECONDS)).as("the other view's task keeps running on the shared thread").isTrue();
        assertThat(thread.isShutdown()).isFalse();
        assertThat(policyRuns).hasValue(0);
    }

    @Test
    void aOneShotTaskIsForgottenOnceItRan() throws Exception {
        ScopedScheduler view = new ScopedScheduler(thread, System.nanoTime(), System::nanoTime);
        CountDownLatch ran = new CountDownLatch(1);
        ScheduledFuture<?> f = view.schedule(ran::countDown, 0, TimeUnit.MILLISECONDS);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        f.get(10, TimeUnit.SECONDS);
        assertThat(view.pending()).isZero();
    }

    @Test
    void awaitingTerminationWaitsForTheTaskRunningNow() throws Exception {
        ScopedScheduler view = new ScopedScheduler(thread, System.nanoTime(), System::nanoTime);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        view.execute(() -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        view.shutdownNow();
        assertThat(view.isTerminated()).as("a task is still running").isFalse();
        release.countDown();
        assertThat(view.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
}
