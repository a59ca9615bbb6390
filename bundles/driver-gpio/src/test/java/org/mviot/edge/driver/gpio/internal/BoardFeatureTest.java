package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A board the profile does not match is reported in the gateway twin's gpio feature and once in the log (issue 10). */
class BoardFeatureTest {

    @Test
    void aPi5UnderAPi4ProfileIsReportedInTheTwinAndWarnedOnceInTheLog() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        GpioDriver driver;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // the real driver on Pi4J's mock provider; the detection is the test's: no Pi here to detect
            driver = new GpioDriver(GpioDriverTest.config("mock", BoardPinsTest.PI_HEADER), EdgeClock.SYSTEM, null, "Raspberry Pi 5 Model B");
        } finally {
            System.setErr(saved);
        }
        try {
            assertThat(driver.featureId()).isEqualTo("gpio");
            assertThat(driver.properties()).containsEntry("board.expected", "Raspberry Pi 4 Model B")
                    .containsEntry("board.detected", "Raspberry Pi 5 Model B").containsEntry("board.matches", false)
                    .containsEntry("provider", "mock");
            assertThat((String) driver.properties().get("problem")).contains("Pi4J detects \"Raspberry Pi 5 Model B\"");
            String log = err.toString(StandardCharsets.UTF_8);
            assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("Pi4J detects"))).hasSize(1);
        } finally {
            driver.deactivate();
        }
    }

    @Test
    void theBoardTheProfileNamesMatches() {
        BoardFeature f = new BoardFeature("Raspberry Pi 4 Model B (BCM2711, 4x Cortex-A72)", "Raspberry Pi 4 Model B", "gpiod");
        assertThat(f.properties()).containsEntry("board.matches", true).doesNotContainKey("problem");
        assertThat(f.mismatch()).isEmpty();
    }

    @Test
    void aMachineThatIsNoKnownBoardSaysUnknownWithoutClaimingAMatch() {
        BoardFeature f = new BoardFeature("Simulated hardware", "Unknown", "mock");
        assertThat(f.properties()).containsEntry("board.detected", "unknown").doesNotContainKey("board.matches");
        assertThat(new BoardFeature("Simulated hardware", null, "mock").properties()).containsEntry("board.detected", "unknown");
    }
}
