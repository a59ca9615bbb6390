package org.mviot.edge.timesync.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.time.TimeSource;

class SyncedClockTest {

    private static final long MS = 1_000_000;
    private static final long S = 1_000 * MS;
    private final AtomicLong systemMillis = new AtomicLong(1_800_000_000_000L);
    private final AtomicLong nanoTime = new AtomicLong(0);
    private final SyncedClock clock = new SyncedClock(new SlewedClock(systemMillis::get, nanoTime::get, 50_000), nanoTime::get,
            10 * S, 100, 1000 * MS);

    private void advance(long millis) {
        systemMillis.addAndGet(millis);
        nanoTime.addAndGet(millis * MS);
    }

    @Test
    void beforeTheFirstSyncTheTimeIsTheSystemClocksWithAnUnknownBound() {
        assertThat(clock.source()).isEqualTo(TimeSource.SYSTEM_CLOCK);
        assertThat(clock.uncertaintyMillis()).isEqualTo(-1);
        assertThat(clock.suspect(clock.currentTimeMillis())).isTrue();
    }

    @Test
    void isSyncedOnlyWithinTheHoldOver() {
        clock.synced("ntp", "a", 2, 0, 0, 3 * MS, nanoTime.get());
        assertThat(clock.source()).isEqualTo(TimeSource.SYNCED);

        advance(10_000);
        assertThat(clock.source()).isEqualTo(TimeSource.SYNCED);
        advance(1);
        assertThat(clock.source()).isEqualTo(TimeSource.SYSTEM_CLOCK);
    }

    @Test
    void theUncertaintyIsTheErrorBoundPlusDriftSinceTheSync() {
        clock.synced("ntp", "a", 2, 0, 0, 3 * MS, nanoTime.get());
        assertThat(clock.uncertaintyMillis()).isEqualTo(3);

        advance(100_000); // 100 s at 100 ppm: 10 ms
        assertThat(clock.uncertaintyMillis()).isEqualTo(13);
    }

    @Test
    void theUncertaintyIncludesWhatIsLeftToSlew() {
        clock.synced("ntp", "a", 2, -1000 * MS, 0, 3 * MS, nanoTime.get());

        assertThat(clock.uncertaintyMillis()).isEqualTo(1003);
    }

    @Test
    void aTimestampTakenJustBeforeAFirstSyncThatSetsTheClockBackIsStillBeforeIt() {
        advance(5);
        long before = clock.currentTimeMillis();
        clock.synced("ntp", "a", 2, -20 * MS, 0, 3 * MS, nanoTime.get());
        long after = clock.currentTimeMillis();

        assertThat(clock.beforeFirstSync(before)).as("stamped by the unchecked clock, in the same millisecond as the sync").isTrue();
        advance(30);
        assertThat(clock.beforeFirstSync(clock.currentTimeMillis())).isFalse();
        assertThat(after).isLessThanOrEqualTo(before);
    }

    @Test
    void aTimestampIsJudgedFromItselfWithoutReadingTheClock() {
        long before = clock.currentTimeMillis();
        advance(5);
        clock.synced("ntp", "a", 2, 0, 0, 3 * MS, nanoTime.get());
        long at = clock.currentTimeMillis();
        advance(100_000);
        long later = clock.currentTimeMillis();

        assertThat(clock.sourceAt(before)).isEqualTo(TimeSource.SYSTEM_CLOCK);
        assertThat(clock.uncertaintyMillisAt(before)).isEqualTo(-1);
        assertThat(clock.sourceAt(at)).isEqualTo(TimeSource.SYNCED);
        assertThat(clock.uncertaintyMillisAt(at)).isEqualTo(3);
        // 100 s later, past the 10 s hold-over, 10 ms of drift at 100 ppm
        assertThat(clock.sourceAt(later)).isEqualTo(TimeSource.SYSTEM_CLOCK);
        assertThat(clock.uncertaintyMillisAt(later)).isEqualTo(13);
        assertThat(clock.uncertaintyMillisAt(later)).isEqualTo(clock.uncertaintyMillis());
    }

    @Test
    void aSyncMeasuredEarlierCountsItsHoldOverAndDriftFromTheMeasurement() {
        advance(60_000);
        // chrony's reference was updated 8 s before it was read
        clock.synced("chrony", "a", 3, 0, 0, 3 * MS, nanoTime.get() - 8 * S);

        assertThat(clock.lastSync().orElseThrow().atUnixMillis()).isEqualTo(clock.currentTimeMillis() - 8_000);
        assertThat(clock.uncertaintyMillisAt(clock.currentTimeMillis())).isEqualTo(clock.uncertaintyMillis());
        advance(2_001);
        assertThat(clock.source()).isEqualTo(TimeSource.SYSTEM_CLOCK);
        assertThat(clock.sourceAt(clock.currentTimeMillis())).isEqualTo(TimeSource.SYSTEM_CLOCK);
    }

    @Test
    void aClockWrongAtBootFlagsTheSamplesTakenBeforeTheFirstSync() {
        long takenBefore = clock.currentTimeMillis();
        advance(5);
        clock.synced("ntp", "a", 2, 3600 * S, 0, 3 * MS, nanoTime.get());
        long takenAfter = clock.currentTimeMillis();

        BootStep step = clock.bootStep().orElseThrow();
        assertThat(step.wrongAtBoot()).isTrue();
        assertThat(step.stepNanos()).isEqualTo(3600 * S);
        assertThat(clock.suspect(takenBefore)).isTrue();
        assertThat(clock.suspect(takenAfter)).isFalse();
    }

    @Test
    void aClockRightAtBootFlagsNothingOnceSynced() {
        long takenBefore = clock.currentTimeMillis();
        advance(5);
        clock.synced("ntp", "a", 2, 20 * MS, 0, 3 * MS, nanoTime.get());

        assertThat(clock.bootStep().orElseThrow().wrongAtBoot()).isFalse();
        assertThat(clock.suspect(takenBefore)).isFalse();
    }

    @Test
    void theFirstSyncIsRememberedAfterLaterOnes() {
        clock.synced("ntp", "a", 2, 3600 * S, 0, 3 * MS, nanoTime.get());
        advance(1000);
        clock.synced("ntp", "a", 2, 3600 * S + 5 * MS, 0, 3 * MS, nanoTime.get());

        assertThat(clock.bootStep().orElseThrow().stepNanos()).isEqualTo(3600 * S);
        assertThat(clock.lastSync().orElseThrow().offsetNanos()).isEqualTo(3600 * S + 5 * MS);
    }
}
