package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoardCheckTest {

    @Test
    void theProfileOfTheDetectedBoardMatches() {
        assertThat(BoardCheck.mismatch("Raspberry Pi 4 Model B (BCM2711, 4x Cortex-A72)", "Raspberry Pi 4 Model B")).isEmpty();
    }

    @Test
    void anotherBoardIsReportedNamingBoth() {
        assertThat(BoardCheck.mismatch("Raspberry Pi 4 Model B (BCM2711, 4x Cortex-A72)", "Raspberry Pi 5 Model B"))
                .hasValueSatisfying(m -> assertThat(m).contains("Raspberry Pi 4 Model B").contains("detects \"Raspberry Pi 5 Model B\""));
    }

    @Test
    void anUndetectedBoardIsNotAMismatch() {
        assertThat(BoardCheck.mismatch("Raspberry Pi 5", "Unknown")).isEmpty();
        assertThat(BoardCheck.mismatch("Raspberry Pi 5", null)).isEmpty();
    }
}
