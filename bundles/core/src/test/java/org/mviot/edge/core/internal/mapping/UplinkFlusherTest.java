package org.mviot.edge.core.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.testsupport.ManualScheduler;

/** When the uplink flushes, on a scheduler and a clock the test moves by hand. */
class UplinkFlusherTest {

    private static final ThingId PUMP = ThingId.parse("org.example:pump");

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Uplink uplink = new Uplink(1000);
    private final List<TwinUpdate> sent = new ArrayList<>();
    private boolean accepting = true;
    /** Runs inside the publisher, while a flush is under way. */
    private Runnable duringPublish = () -> { };

    private UplinkFlusher flusher(long windowMs, long minIntervalMs) {
        uplink.addPublisher(new TwinPublisher() {
            @Override
            public boolean publish(TwinUpdate update) {
                Runnable r = duringPublish;
                duringPublish = () -> { };
                r.run();
                return accepting && sent.add(update);
            }
        });
        UplinkFlusher f = new UplinkFlusher(uplink, scheduler, windowMs, minIntervalMs, scheduler::now);
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

    @Test
    void aPollCycleIsFlushedOnTheThreadThatReadItWithoutWaitingForTheScheduler() {
        flusher(100, 10);
        change("speed", 1);
        change("flow", 2);

        uplink.pollDone();

        assertThat(sent).as("flushed before the scheduler ran anything").hasSize(1);
        assertThat(((TwinUpdate.Changes) sent.get(0)).changes()).extracting(PropertyChange::path).containsExactly("speed", "flow");
        assertThat(scheduler.waiting()).as("the merge-window flush the first change armed is cancelled: one a poll period later "
                + "could split the next cycle's changes").isZero();
    }

    @Test
    void eventsFlushedOnTheirOwnThreadArmTheMergeWindowOnceNotOnceEach() {
        flusher(100, 10);
        change("speed", 1);
        uplink.pushDone();
        for (int event = 2; event <= 9; event++) {
            scheduler.advanceMillis(10);
            change("speed", event);
            uplink.pushDone();
        }
        assertThat(sent).as("each event flushed on its own thread").hasSize(9);
        assertThat(scheduler.waiting()).as("one flush scheduled in all: the first change's merge window").isEqualTo(1);
        assertThat(scheduler.dueInMillis()).isEqualTo(20);

        scheduler.advanceMillis(20);
        assertThat(sent).as("the merge-window flush finds nothing left").hasSize(9);
        change("speed", 10);
        uplink.pushDone();
        assertThat(sent).as("and took no place in the rate limit: the next event goes at once").hasSize(10);
    }

    @Test
    void aPushedValueIsFlushedOnTheDriversThreadAndOneWithinTheMinimumIntervalWaitsForItOnTheScheduler() {
        flusher(100, 10);
        change("speed", 1);
        uplink.pushDone();
        assertThat(sent).as("flushed before the scheduler ran anything").hasSize(1);

        scheduler.advanceMillis(2);
        change("speed", 2);
        uplink.pushDone();
        assertThat(sent).hasSize(1);
        assertThat(scheduler.dueInMillis()).as("10 ms after the last flush").isEqualTo(8);
        scheduler.advanceMillis(8);
        assertThat(sent).hasSize(2);
    }

    @Test
    void anEventFlushedOnItsOwnThreadCancelsTheFlushTheRateLimitPutOffForEarlierOnes() {
        flusher(100, 10);
        change("speed", 1);
        uplink.pushDone();
        scheduler.advanceMillis(2);
        change("speed", 2);
        uplink.pushDone();
        assertThat(scheduler.dueInMillis()).as("put off to 10 ms after the last flush").isEqualTo(8);

        scheduler.advanceMillis(3);
        change("speed", 3);
        uplink.pushDone(); // half an interval early: allowed on its own thread

        assertThat(sent).hasSize(2);
        assertThat(((TwinUpdate.Changes) sent.get(1)).changes()).extracting(PropertyChange::value).containsExactly(3);
        assertThat(scheduler.dueInMillis()).as("the put-off flush is cancelled: nothing left for it").isEqualTo(-1);
    }

    @Test
    void eventsFasterThanTheMinimumIntervalAreFlushedOncePerIntervalWhateverThreadFlushes() {
        flusher(100, 10);
        for (int event = 0; event < 200; event++) {
            change("speed", event);
            uplink.pushDone();
            scheduler.advanceMillis(1);
        }
        // 200 ms: one flush per 10 ms, the first two may come half an interval apart
        assertThat(sent).hasSizeBetween(19, 21);
    }

    @Test
    void aPollCycleWithinTheMinimumIntervalWaitsForItOnTheScheduler() {
        flusher(100, 10);
        change("speed", 1);
        uplink.pollDone();
        scheduler.advanceMillis(4);

        change("speed", 2);
        uplink.pollDone();

        assertThat(sent).hasSize(1);
        assertThat(scheduler.dueInMillis()).as("10 ms after the last flush").isEqualTo(6);
        scheduler.advanceMillis(6);
        assertThat(sent).hasSize(2);
        assertThat(((TwinUpdate.Changes) sent.get(1)).changes()).extracting(PropertyChange::value).containsExactly(2);
    }

    @Test
    void pollCyclesEndingALittleEarlyAreFlushedOnTheirOwnThreadAndTheRateStaysOneFlushPerInterval() {
        flusher(100, 10);
        for (int cycle = 0; cycle < 20; cycle++) {
            change("speed", cycle);
            uplink.pollDone();
            assertThat(sent).as("cycle %d flushed on its own thread", cycle).hasSize(cycle + 1);
            scheduler.advanceMillis(cycle % 2 == 0 ? 9 : 11); // a 10 ms poll with a millisecond of jitter
        }
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void pollCyclesFasterThanTheMinimumIntervalAreRateLimitedToOneFlushPerInterval() {
        flusher(100, 10);
        for (int cycle = 0; cycle < 40; cycle++) {
            change("speed", cycle);
            uplink.pollDone();
            scheduler.advanceMillis(4);
        }
        // 160 ms: one flush per 10 ms, and the first two may come half an interval apart
        assertThat(sent).hasSizeBetween(16, 18);
        assertThat(((TwinUpdate.Changes) sent.get(sent.size() - 1)).changes()).extracting(PropertyChange::value).isNotEmpty();
    }

    @Test
    void aScheduledFlushThatFindsAPollsFlushRunningComesBackForWhatArrivedMeanwhile() {
        flusher(100, 10);
        change("speed", 1);
        duringPublish = () -> {
            // another device's batch arrives and the scheduler fires while this thread is still flushing
            uplink.change(ThingId.parse("org.example:valve"), "valve/open",
                    new PropertyChange("valve", "open", true, 1L, Quality.GOOD, TimeSource.SYSTEM_CLOCK));
            uplink.batchDone();
            scheduler.advanceMillis(10);
        };

        uplink.pollDone();

        assertThat(sent).as("only the poll's own flush ran").hasSize(1);
        assertThat(scheduler.dueInMillis()).as("one minimum interval after it found the flush running").isEqualTo(10);
        scheduler.advanceMillis(10);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).thing()).isEqualTo(ThingId.parse("org.example:valve"));
        assertThat(scheduler.dueInMillis()).isEqualTo(-1);
    }

    @Test
    void aPollCycleAfterCloseFlushesNothing() {
        UplinkFlusher f = flusher(100, 10);
        f.close();
        change("speed", 1);

        uplink.pollDone();

        assertThat(sent).isEmpty();
        assertThat(scheduler.waiting()).isZero();
    }
}
