package org.mviot.edge.timesync.internal.discipline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepDecisionTest {

    private static final long THRESHOLD = 128_000_000L;

    @Test
    void offNeverSteps() {
        assertThat(StepDecision.step(DisciplineMode.OFF, false, "ntp", 5_000_000_000L, THRESHOLD)).isFalse();
    }

    @Test
    void stepStepsAnOffsetOfAtLeastTheThresholdFoundByOurClientOrGnssEitherWay() {
        assertThat(StepDecision.step(DisciplineMode.STEP, false, "ntp", THRESHOLD, THRESHOLD)).isTrue();
        assertThat(StepDecision.step(DisciplineMode.STEP, false, "gnss", -THRESHOLD, THRESHOLD)).isTrue();
        assertThat(StepDecision.step(DisciplineMode.STEP, false, "ntp", THRESHOLD - 1, THRESHOLD)).isFalse();
    }

    @Test
    void aClockDisciplinedByChronyOrTimesyncdIsLeftToThem() {
        assertThat(StepDecision.step(DisciplineMode.STEP, false, "chrony", 5_000_000_000L, THRESHOLD)).isFalse();
        assertThat(StepDecision.step(DisciplineMode.STEP, false, "timesyncd", 5_000_000_000L, THRESHOLD)).isFalse();
    }

    @Test
    void aRefusedStepIsNotTriedAgain() {
        assertThat(StepDecision.step(DisciplineMode.STEP, true, "ntp", 5_000_000_000L, THRESHOLD)).isFalse();
    }

    @Test
    void theModeIsOffUnlessSaidOtherwise() {
        assertThat(DisciplineMode.parse("k", null)).isEqualTo(DisciplineMode.OFF);
        assertThat(DisciplineMode.parse("k", " Step ")).isEqualTo(DisciplineMode.STEP);
    }
}
