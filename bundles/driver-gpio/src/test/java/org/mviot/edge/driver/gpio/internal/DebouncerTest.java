package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.driver.gpio.internal.Debouncer.Verdict.IGNORE;
import static org.mviot.edge.driver.gpio.internal.Debouncer.Verdict.REPORT;

import org.junit.jupiter.api.Test;

class DebouncerTest {

    private static final long MS = 1_000_000;

    @Test
    void theFirstEdgeOfABounceTrainIsReportedAndTheBounceIsIgnored() {
        Debouncer d = new Debouncer(10 * MS);
        d.start(false);
        assertThat(d.edge(true, 0)).isEqualTo(REPORT);
        assertThat(d.edge(false, 1 * MS)).isEqualTo(IGNORE);
        assertThat(d.edge(true, 2 * MS)).isEqualTo(IGNORE);
        assertThat(d.settle(true, 10 * MS)).isEqualTo(IGNORE);
        assertThat(d.reported()).isTrue();
    }

    @Test
    void aLevelThatChangedInsideTheWindowIsReportedWhenTheWindowEnds() {
        Debouncer d = new Debouncer(10 * MS);
        d.start(false);
        d.edge(true, 0);
        d.edge(false, 3 * MS); // a press shorter than the window
        assertThat(d.settle(false, 5 * MS)).as("before the window ends").isEqualTo(IGNORE);
        assertThat(d.settle(false, 10 * MS)).isEqualTo(REPORT);
        assertThat(d.reported()).isFalse();
    }

    @Test
    void aCleanEdgeLeavesNothingToSettleAndAnEdgeInsideItsWindowDoes() {
        Debouncer d = new Debouncer(10 * MS);
        d.start(false);
        d.edge(true, 0);
        assertThat(d.needsSettle()).as("no edge inside the window: the line is still at the reported level").isFalse();
        d.edge(false, 2 * MS);
        assertThat(d.needsSettle()).as("bounce inside the window").isTrue();
        d.settle(false, 10 * MS); // reports the release and opens a window for it
        assertThat(d.needsSettle()).as("the correction's own window, quiet so far").isFalse();
    }

    @Test
    void aWindowWhoseSettleCameLateIsSettledAsOfItsEndBeforeTheNextEdgeIsJudged() {
        Debouncer d = new Debouncer(10 * MS);
        d.start(false);
        // a bounce train (a press): rises, bounces, ends low; its settle timer does not come (a loaded gateway)
        assertThat(d.edge(true, 0)).isEqualTo(REPORT);
        d.edge(false, 1 * MS);
        d.edge(true, 2 * MS);
        d.edge(false, 3 * MS);
        assertThat(d.settleOverdue(5 * MS)).as("inside the window: nothing overdue").isEqualTo(IGNORE);
        // the next train, long after the window: the first one's fall is reported first, as of the window's end
        assertThat(d.settleOverdue(500 * MS)).isEqualTo(REPORT);
        assertThat(d.reported()).isFalse();
        assertThat(d.edge(true, 500 * MS)).as("the next press").isEqualTo(REPORT);
        // the late timer finds the new window and leaves it alone
        assertThat(d.settle(true, 501 * MS)).isEqualTo(IGNORE);
        assertThat(d.reported()).isTrue();
    }

    @Test
    void aCleanWindowOrOneThatEndedOnTheReportedLevelHasNothingOverdue() {
        Debouncer d = new Debouncer(10 * MS);
        d.start(false);
        d.edge(true, 0);
        assertThat(d.settleOverdue(50 * MS)).as("no bounce").isEqualTo(IGNORE);
        d.edge(false, 60 * MS);
        d.edge(true, 61 * MS);
        d.edge(false, 62 * MS);
        assertThat(d.settleOverdue(100 * MS)).as("bounced, ended on the reported level").isEqualTo(IGNORE);
        assertThat(d.reported()).isFalse();
    }

    @Test
    void anEdgeAfterTheWindowIsReported() {
        Debouncer d = new Debouncer(10 * MS);
        d.start(false);
        d.edge(true, 0);
        d.settle(true, 10 * MS);
        assertThat(d.edge(false, 50 * MS)).isEqualTo(REPORT);
    }

    @Test
    void anEdgeToTheLevelAlreadyReportedIsIgnored() {
        Debouncer d = new Debouncer(0);
        d.start(true);
        assertThat(d.edge(true, 0)).isEqualTo(IGNORE);
        assertThat(d.edge(false, 1)).isEqualTo(REPORT);
        assertThat(d.edge(true, 2)).as("no window: every change counts").isEqualTo(REPORT);
    }

    @Test
    void theClockMayWrapAroundLongMaxValue() {
        Debouncer d = new Debouncer(10 * MS);
        d.start(false);
        long t = Long.MAX_VALUE - 2 * MS;
        assertThat(d.edge(true, t)).isEqualTo(REPORT);
        assertThat(d.edge(false, t + 5 * MS)).isEqualTo(IGNORE);
        assertThat(d.settle(false, t + 10 * MS)).isEqualTo(REPORT);
    }
}
