package org.mviot.edge.driver.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.driver.DriverSettings;
import org.mviot.edge.api.driver.SettingProblem;

class SignalTest {

    private static DriverSettings settings;

    private static Signal make(ChannelType type, String... keyValues) {
        Map<String, String> address = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            address.put(keyValues[i], keyValues[i + 1]);
        }
        ChannelSpec ch = ChannelSpec.readOnly("ch", type, "", Acquisition.event(), address);
        settings = new DriverSettings("dev", Map.of());
        return Signal.of(ch, settings.address(ch));
    }

    /** A signal from settings that must be right. */
    private static Signal signal(ChannelType type, String... keyValues) {
        Signal s = make(type, keyValues);
        assertThat(settings.problems()).isEmpty();
        return s;
    }

    /** The problems of settings that must be wrong. */
    private static List<String> problems(ChannelType type, String... keyValues) {
        make(type, keyValues);
        return settings.problems().stream().map(SettingProblem::toString).toList();
    }

    @Test
    void sineFollowsAmplitudePeriodAndOffset() {
        Signal s = signal(ChannelType.DOUBLE, "signal", "sine", "amplitude", "2", "period", "1000", "offset", "10");
        assertThat((double) s.read(0)).isCloseTo(10, within(1e-9));
        assertThat((double) s.read(250)).isCloseTo(12, within(1e-9));
        assertThat((double) s.read(500)).isCloseTo(10, within(1e-9));
        assertThat((double) s.read(750)).isCloseTo(8, within(1e-9));
        assertThat((double) s.read(1250)).isCloseTo(12, within(1e-9));
    }

    @Test
    void anIntegerSineIsRounded() {
        Signal s = signal(ChannelType.INTEGER, "signal", "sine", "amplitude", "10", "period", "1000", "offset", "0.4");
        assertThat(s.read(250)).isEqualTo(10L);
        assertThat(s.read(0)).isEqualTo(0L);
    }

    @Test
    void sineDefaultsToAmplitudeOneAroundZeroOverTenSeconds() {
        Signal s = signal(ChannelType.DOUBLE, "signal", "sine");
        assertThat((double) s.read(2_500)).isCloseTo(1, within(1e-9));
        assertThat((double) s.read(7_500)).isCloseTo(-1, within(1e-9));
    }

    @Test
    void rampRisesFromMinTowardsMaxAndStartsAgain() {
        Signal s = signal(ChannelType.DOUBLE, "signal", "ramp", "min", "10", "max", "110", "period", "1000");
        assertThat(s.read(0)).isEqualTo(10.0);
        assertThat(s.read(250)).isEqualTo(35.0);
        assertThat((double) s.read(999)).isCloseTo(109.9, within(1e-9));
        assertThat(s.read(1000)).isEqualTo(10.0);
    }

    @Test
    void squareIsHighForTheFirstHalfOfThePeriod() {
        Signal s = signal(ChannelType.BOOLEAN, "signal", "square", "period", "1000");
        assertThat(s.read(0)).isEqualTo(true);
        assertThat(s.read(499)).isEqualTo(true);
        assertThat(s.read(500)).isEqualTo(false);
        assertThat(s.read(999)).isEqualTo(false);
        assertThat(s.read(1000)).isEqualTo(true);
    }

    @Test
    void aNumericSquareOrToggleIsOneAndZero() {
        Signal i = signal(ChannelType.INTEGER, "signal", "toggle", "period", "100");
        assertThat(i.read(10)).isEqualTo(1L);
        assertThat(i.read(60)).isEqualTo(0L);
        Signal d = signal(ChannelType.DOUBLE, "signal", "square", "period", "100");
        assertThat(d.read(10)).isEqualTo(1.0);
        assertThat(d.read(60)).isEqualTo(0.0);
    }

    @Test
    void randomWalkStepsAtMostItsStepAndStaysWithinBounds() {
        Signal s = signal(ChannelType.DOUBLE, "signal", "randomwalk", "start", "5", "step", "1", "min", "0", "max", "10", "seed", "3");
        double previous = 5;
        boolean moved = false;
        for (int i = 0; i < 10_000; i++) {
            double v = (double) s.read(i);
            assertThat(v).isBetween(0.0, 10.0);
            assertThat(Math.abs(v - previous)).isLessThanOrEqualTo(1.0);
            moved |= v != previous;
            previous = v;
        }
        assertThat(moved).isTrue();
    }

    @Test
    void randomWalksWithTheSameSeedRepeatAndOthersDiffer() {
        Signal a = signal(ChannelType.DOUBLE, "signal", "randomwalk", "seed", "42");
        Signal b = signal(ChannelType.DOUBLE, "signal", "randomwalk", "seed", "42");
        Signal c = signal(ChannelType.DOUBLE, "signal", "randomwalk", "seed", "43");
        boolean differs = false;
        for (int i = 0; i < 100; i++) {
            Object va = a.read(i);
            assertThat(b.read(i)).isEqualTo(va);
            differs |= !c.read(i).equals(va);
        }
        assertThat(differs).isTrue();
    }

    @Test
    void anIntegerRandomWalkReportsWholeNumbers() {
        Signal s = signal(ChannelType.INTEGER, "signal", "randomwalk", "start", "450", "step", "5", "min", "300", "max", "600", "seed", "7");
        for (int i = 0; i < 100; i++) {
            assertThat(s.read(i)).isInstanceOf(Long.class).satisfies(v -> assertThat((Long) v).isBetween(300L, 600L));
        }
    }

    @Test
    void counterCountsUpByItsStepAtEachRead() {
        Signal s = signal(ChannelType.INTEGER, "signal", "counter", "start", "10", "step", "3");
        assertThat(s.read(0)).isEqualTo(10L);
        assertThat(s.read(0)).isEqualTo(13L);
        assertThat(s.read(999)).isEqualTo(16L);
    }

    @Test
    void setpointEchoesWhatWasWritten() {
        Signal s = signal(ChannelType.DOUBLE, "signal", "setpoint", "initial", "65");
        assertThat(s.read(0)).isEqualTo(65.0);
        s.write(42.5);
        assertThat(s.read(1)).isEqualTo(42.5);
        assertThat(s.read(2)).isEqualTo(42.5);
    }

    @Test
    void setpointInitialValueHasTheChannelsType() {
        assertThat(signal(ChannelType.BOOLEAN, "signal", "setpoint", "initial", "true").read(0)).isEqualTo(true);
        assertThat(signal(ChannelType.BOOLEAN, "signal", "setpoint", "initial", "1").read(0)).isEqualTo(true);
        assertThat(signal(ChannelType.INTEGER, "signal", "setpoint", "initial", "7").read(0)).isEqualTo(7L);
        assertThat(signal(ChannelType.STRING, "signal", "setpoint", "initial", "auto").read(0)).isEqualTo("auto");
        assertThat(signal(ChannelType.DOUBLE, "signal", "setpoint").read(0)).isEqualTo(0.0);
    }

    @Test
    void onlyASetpointCanBeWritten() {
        Signal s = signal(ChannelType.DOUBLE, "signal", "sine");
        assertThatThrownBy(() -> s.write(1.0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCounterOnADoubleChannelCountsInDoubles() {
        Signal s = signal(ChannelType.DOUBLE, "signal", "counter", "start", "2");
        assertThat(s.read(0)).isEqualTo(2.0);
    }

    @Test
    void periodsAreDurationsInTheCoresGrammar() {
        Signal s = signal(ChannelType.BOOLEAN, "signal", "square", "period", "1s");
        assertThat(s.read(499)).isEqualTo(true);
        assertThat(s.read(500)).isEqualTo(false);
    }

    @Test
    void anUnknownOrMissingSignalIsReportedAtItsKeyPathWithTheChoices() {
        assertThat(problems(ChannelType.DOUBLE, "signal", "sawtooth")).containsExactly(
                "channels.ch.address.signal: expected one of sine, ramp, square, toggle, randomwalk, counter, setpoint, got \"sawtooth\"");
        assertThat(problems(ChannelType.DOUBLE)).containsExactly(
                "channels.ch.address.signal: missing; expected one of sine, ramp, square, toggle, randomwalk, counter, setpoint");
    }

    @Test
    void everyBadSettingOfAChannelIsReportedAtItsKeyPath() {
        assertThat(problems(ChannelType.DOUBLE, "signal", "sine", "amplitude", "big", "period", "0", "phase", "1")).containsExactly(
                "channels.ch.address.phase: unknown key (expected one of [amplitude, interval, offset, period, signal])",
                "channels.ch.address.amplitude: expected a number, got \"big\"",
                "channels.ch.address.period: expected a duration from 1ms to 365d, got \"0\"".replace("365d", "8760h"));
        assertThat(problems(ChannelType.BOOLEAN, "signal", "counter")).containsExactly(
                "channels.ch.address.signal: a counter is an integer or double channel, not boolean");
        assertThat(problems(ChannelType.INTEGER, "signal", "setpoint", "initial", "warm")).containsExactly(
                "channels.ch.address.initial: expected an integer -9223372036854775808..9223372036854775807, got \"warm\"");
    }
}
