package org.mviot.edge.core.internal.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.testsupport.Await;

class PeriodicTaskTest {

    private final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aTaskThatThrowsAnErrorKeepsItsFixedDelaySchedule() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(PeriodicTask.guard("test", () -> {
            int n = runs.incrementAndGet();
            if (n == 1) {
                throw new StackOverflowError();
            }
            if (n == 2) {
                throw new IllegalStateException("second run fails too");
            }
        }), 0, 5, TimeUnit.MILLISECONDS);
        Await.until("runs after two failures", () -> runs.get() >= 4);
        assertThat(f.isDone()).isFalse();
    }

    @Test
    void anUnguardedTaskWouldDieAtItsFirstError() {
        // the reason for the guard: the executor cancels a periodic task whose run throws
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(() -> {
            runs.incrementAndGet();
            throw new StackOverflowError();
        }, 0, 5, TimeUnit.MILLISECONDS);
        Await.until("the task is done", f::isDone);
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void oneItemsFailureIsReportedAndTheNextItemRuns() {
        List<String> done = new ArrayList<>();
        List<Throwable> reported = new ArrayList<>();
        for (String item : List.of("a", "deep", "b")) {
            PeriodicTask.item(() -> {
                if (item.equals("deep")) {
                    throw new StackOverflowError();
                }
                done.add(item);
            }, reported::add);
        }
        assertThat(done).containsExactly("a", "b");
        assertThat(reported).singleElement().isInstanceOf(StackOverflowError.class);
        assertThat(PeriodicTask.describe(reported.get(0))).contains("StackOverflowError", "too deep for the thread's stack");
    }

    @Test
    void aVirtualMachineErrorOtherThanStackOverflowEndsTheRunAndReachesTheGuard() {
        List<Throwable> reported = new ArrayList<>();
        assertThatThrownBy(() -> PeriodicTask.item(() -> {
            throw new InternalError("broken JVM");
        }, reported::add)).isInstanceOf(InternalError.class);
        assertThat(reported).isEmpty();
        assertThatCode(() -> PeriodicTask.guard("test", () -> PeriodicTask.item(() -> {
            throw new InternalError("broken JVM");
        }, reported::add)).run()).doesNotThrowAnyException();
    }
}
