package org.mviot.edge.core.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;

/** When the uplink flushes, on a scheduler and a clock the test moves by hand. */
class UplinkFlusherTest {

    private static final ThingId PUMP = ThingId.parse("org.example:pump");
    private static final long MS = 1_000_000;

    /** A scheduler whose tasks run only when the test advances its clock past their time. */
    private static final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
        long now;
        final List<Task> tasks = new ArrayList<>();

        final class Task implements ScheduledFuture<Object> {
            final Runnable body;
            final long at;
            boolean cancelled;
            boolean done;

            Task(Runnable body, long at) {
                this.body = body;
                this.at = at;
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(at - now, TimeUnit.NANOSECONDS);
            }

            @Override
            public int compareTo(Delayed o) {
                return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
            }

            @Override
            public boolean cancel(boolean interrupt) {
                if (done) {
                    return false;
                }
                cancelled = true;
                return tasks.remove(this);
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public boolean isDone() {
                return done || cancelled;
            }

            @Override
            public Object get() {
                return null;
            }

            @Override
            public Object get(long timeout, TimeUnit unit) {
                return null;
            }
        }

        /** @return the due time of the one task waiting, in ms from now; -1 when none */
        long dueInMillis() {
            assertThat(tasks).hasSizeLessThanOrEqualTo(1);
            return tasks.isEmpty() ? -1 : (tasks.get(0).at - now) / MS;
        }

        void advanceMillis(long ms) {
            now += ms * MS;
            while (true) {
                Task next = tasks.stream().filter(t -> t.at <= now).min(Comparator.comparingLong(t -> t.at)).orElse(null);
                if (next == null) {
                    return;
                }
                tasks.remove(next);
                next.done = true;
                next.body.run();
            }
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Task t = new Task(command, now + unit.toNanos(delay));
            tasks.add(t);
            return t;
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.NANOSECONDS);
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Uplink uplink = new Uplink(1000);
    private final List<TwinUpdate> sent = new ArrayList<>();
    private boolean accepting = true;

    private UplinkFlusher flusher(long windowMs, long minIntervalMs) {
        uplink.addPublisher(new TwinPublisher() {
            @Override
            public boolean publish(TwinUpdate update) {
                return accepting && sent.add(update);
            }
        });
        UplinkFlusher f = new UplinkFlusher(uplink, scheduler, windowMs, minIntervalMs, () -> scheduler.now);
        uplink.flushSignal(f);
        return f;
    }

    private void change(String property, Object value) {
        uplink.change(PUMP, "pump/" + property, new PropertyChange("pump", property, value, 1L, Quality.GOOD, TimeSource.SYSTEM_CLOCK));
    }

    @Test
    void aPollCyclesChangesGoInOneMessageAsSoonAsTheBatchIsDone() {
        flusher(100, 10);
        change("speed", 1);
        change("flow", 2);
        assertThat(scheduler.dueInMillis()).as("a change alone waits for its batch, a merge window at most").isEqualTo(100);

        uplink.batchDone();
        assertThat(scheduler.dueInMillis()).isZero();
        scheduler.advanceMillis(0);
        assertThat(sent).hasSize(1);
        assertThat(((TwinUpdate.Changes) sent.get(0)).changes()).extracting(PropertyChange::path).containsExactly("speed", "flow");
        assertThat(scheduler.dueInMillis()).as("nothing pending, nothing scheduled").isEqualTo(-1);
    }

    @Test
    void underLoadTheMinimumIntervalLimitsTheRateAndChangesMergeWithinIt() {
        flusher(100, 10);
        change("speed", 1);
        uplink.batchDone();
        scheduler.advanceMillis(0);
        assertThat(sent).hasSize(1);

        scheduler.advanceMillis(3);
        change("speed", 2);
        uplink.batchDone();
        assertThat(scheduler.dueInMillis()).as("10 ms after the last flush").isEqualTo(7);
        scheduler.advanceMillis(4);
        change("speed", 3);
        uplink.batchDone();
        scheduler.advanceMillis(3);
        assertThat(sent).hasSize(2);
        assertThat(((TwinUpdate.Changes) sent.get(1)).changes()).extracting(PropertyChange::value).containsExactly(3);
    }

    @Test
    void aChangeNoBatchAnnouncesGoesWithinOneMergeWindow() {
        flusher(100, 10);
        change("state", "online");
        scheduler.advanceMillis(99);
        assertThat(sent).isEmpty();
        scheduler.advanceMillis(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void updatesARefusingPublisherDidNotTakeAreRetriedAWindowLater() {
        flusher(100, 10);
        accepting = false;
        change("speed", 1);
        uplink.batchDone();
        scheduler.advanceMillis(0);
        assertThat(sent).isEmpty();
        assertThat(scheduler.dueInMillis()).isEqualTo(100);

        accepting = true;
        scheduler.advanceMillis(100);
        assertThat(sent).hasSize(1);
        assertThat(scheduler.dueInMillis()).isEqualTo(-1);
    }
}
