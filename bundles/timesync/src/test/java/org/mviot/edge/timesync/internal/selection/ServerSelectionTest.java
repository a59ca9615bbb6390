package org.mviot.edge.timesync.internal.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mviot.edge.timesync.internal.ntp.NtpSample;

class ServerSelectionTest {

    private static final long MS = 1_000_000;

    private static NtpSample sample(String server, long offsetMs, long delayMs, long receivedNanoTime) {
        return new NtpSample(server, offsetMs * MS, delayMs * MS, 2, 2 * MS, 1 * MS, "7F000001", receivedNanoTime, 0);
    }

    private static ClockFilter.Estimate estimate(String server, long offsetMs) {
        return new ClockFilter.Estimate(sample(server, offsetMs, 4, 0), 0);
    }

    @Test
    void theFilterBelievesTheSampleWithTheLeastDelay() {
        ClockFilter f = new ClockFilter();
        f.add(sample("a", 30, 50, 1));
        f.add(sample("a", 2, 4, 2));
        f.add(sample("a", -20, 40, 3));

        ClockFilter.Estimate e = f.best(Long.MAX_VALUE, 10).orElseThrow();

        assertThat(e.sample().offsetNanos()).isEqualTo(2 * MS);
        assertThat(e.jitterNanos()).isGreaterThan(20 * MS);
    }

    @Test
    void theFilterForgetsSamplesOlderThanItsWindow() {
        ClockFilter f = new ClockFilter();
        f.add(sample("a", 2, 4, 0));

        assertThat(f.best(100, 101)).isEmpty();
        assertThat(f.best(100, 100)).isPresent();
    }

    @Test
    void theFilterKeepsOnlyTheLastEightSamples() {
        ClockFilter f = new ClockFilter();
        f.add(sample("a", 7, 1, 0));
        for (int i = 0; i < ClockFilter.SIZE; i++) {
            f.add(sample("a", 0, 10, i + 1));
        }
        assertThat(f.best(Long.MAX_VALUE, 100).orElseThrow().sample().offsetNanos()).isZero();
    }

    @Test
    void aServerTwoSecondsOffIsOutvotedByTwoThatAgree() {
        var selected = ServerSelection.select(List.of(estimate("a", 1), estimate("b", 2000), estimate("c", 2))).orElseThrow();

        assertThat(selected.falsetickers()).containsExactly("b");
        assertThat(selected.offsetNanos()).isBetween(1 * MS, 2 * MS);
        assertThat(selected.peer().sample().server()).isIn("a", "c");
    }

    @Test
    void twoServersThatDisagreeGiveNoVerdict() {
        assertThat(ServerSelection.select(List.of(estimate("a", 0), estimate("b", 2000)))).isEmpty();
    }

    @Test
    void oneServerIsBelievedAlone() {
        assertThat(ServerSelection.select(List.of(estimate("a", 2000))).orElseThrow().offsetNanos()).isEqualTo(2000 * MS);
    }

    @Test
    void noServerGivesNoVerdict() {
        assertThat(ServerSelection.select(List.of())).isEmpty();
    }
}
