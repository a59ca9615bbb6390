package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PulseCounterTest {

    private static final long S = 1_000_000_000L;

    @Test
    void countsEveryPulse() {
        PulseCounter c = new PulseCounter(10 * S, 0);
        for (int i = 0; i < 25; i++) {
            c.pulse(i * S / 10);
        }
        assertThat(c.count()).isEqualTo(25);
    }

    @Test
    void theRateIsThePulsesOfTheLastCompletedIntervalPerSecond() {
        PulseCounter c = new PulseCounter(10 * S, 0);
        for (int i = 0; i < 50; i++) {
            c.pulse(i * S / 10); // 50 pulses in the first 5 s
        }
        assertThat(c.rate(9 * S)).as("first interval not over").isEqualTo(0.0);
        assertThat(c.rate(10 * S)).isEqualTo(5.0);
        assertThat(c.rate(19 * S)).as("stable within the next interval").isEqualTo(5.0);
        assertThat(c.rate(20 * S)).as("the second interval had no pulse").isEqualTo(0.0);
    }

    @Test
    void aGapOfSeveralIntervalsGivesRateZero() {
        PulseCounter c = new PulseCounter(S, 0);
        c.pulse(S / 2);
        c.pulse(5 * S + 1);
        assertThat(c.rate(5 * S + 2)).isEqualTo(0.0);
        assertThat(c.rate(6 * S)).isEqualTo(1.0);
        assertThat(c.count()).isEqualTo(2);
    }

    @Test
    void anIntervalMustBePositive() {
        assertThatThrownBy(() -> new PulseCounter(0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
}
