package org.mviot.edge.console.web.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fourFailuresCostNothingAndTheFifthLocksTheAddressOut() {
        for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.failed("10.0.0.9")).isZero();
            assertThat(throttle.wait("10.0.0.9")).isZero();
        }
        assertThat(throttle.failed("10.0.0.9")).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.wait("10.0.0.9")).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.wait("10.0.0.10")).as("another address").isZero();
    }

    @Test
    void eachFurtherFailureDoublesTheLockoutUpToFifteenMinutes() {
        for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("a");
        }
        assertThat(throttle.failed("a")).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.failed("a")).isEqualTo(Duration.ofSeconds(60));
        assertThat(throttle.failed("a")).isEqualTo(Duration.ofSeconds(120));
        for (int i = 0; i < 30; i++) {
            throttle.failed("a");
        }
        assertThat(throttle.failed("a")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theLockoutEndsWithTimeAndASuccessClearsTheCount() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("b");
        }
        clock.advance(Duration.ofSeconds(29));
        assertThat(throttle.wait("b")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.wait("b")).isZero();
        throttle.succeeded("b");
        assertThat(throttle.failed("b")).as("counting starts again").isZero();
    }
}
