package org.mviot.edge.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.edge.EdgeStage;

class StagesTest {

    record Emitted(String property, Object value, long timestamp) {
    }

    private final List<Emitted> emitted = new ArrayList<>();
    private final EdgeStage.Emitter emitter = (p, v, t) -> emitted.add(new Emitted(p, v, t));

    @Test
    void deadbandDropsSampleInsideAbsoluteBand() {
        Deadband d = new Deadband(0.5, 0);
        assertThat(d.apply(10, 0, emitter)).isEqualTo(10);
        assertThat(d.apply(10.4, 1, emitter)).isNaN();
        assertThat(d.apply(9.5, 2, emitter)).isNaN();
        assertThat(d.apply(10.6, 3, emitter)).isEqualTo(10.6);
    }

    @Test
    void deadbandMeasuresFromTheLastValuePassedOn() {
        Deadband d = new Deadband(1, 0);
        d.apply(0, 0, emitter);
        d.apply(0.9, 1, emitter);
        assertThat(d.apply(1.8, 2, emitter)).isEqualTo(1.8);
    }

    @Test
    void percentDeadbandScalesWithTheLastValue() {
        Deadband d = new Deadband(0, 10);
        d.apply(100, 0, emitter);
        assertThat(d.apply(109, 1, emitter)).isNaN();
        assertThat(d.apply(111, 2, emitter)).isEqualTo(111);
    }

    @Test
    void zeroDeadbandDropsOnlyUnchangedValues() {
        Deadband d = new Deadband(0, 0);
        d.apply(1, 0, emitter);
        assertThat(d.apply(1, 1, emitter)).isNaN();
        assertThat(d.apply(0, 2, emitter)).isEqualTo(0);
    }

    @Test
    void minIntervalDropsValuesThatComeTooSoon() {
        MinInterval m = new MinInterval(1000);
        assertThat(m.apply(1, 0, emitter)).isEqualTo(1);
        assertThat(m.apply(2, 999, emitter)).isNaN();
        assertThat(m.apply(3, 1000, emitter)).isEqualTo(3);
    }

    @Test
    void windowEmitsAggregatesAtWindowEndAndDropsRawValues() {
        WindowAggregate w = new WindowAggregate(1000, EnumSet.allOf(WindowAggregate.Aggregate.class));
        assertThat(w.apply(1, 100, emitter)).isNaN();
        w.apply(3, 500, emitter);
        w.apply(2, 900, emitter);
        assertThat(emitted).isEmpty();
        w.apply(10, 1100, emitter);
        assertThat(emitted).containsExactly(new Emitted("min", 1.0, 1000), new Emitted("max", 3.0, 1000),
                new Emitted("mean", 2.0, 1000), new Emitted("count", 3L, 1000), new Emitted("last", 2.0, 1000));
    }

    @Test
    void windowEndsOnATickWhenNoValueComes() {
        WindowAggregate w = new WindowAggregate(1000, EnumSet.of(WindowAggregate.Aggregate.COUNT));
        w.apply(1, 100, emitter);
        w.tick(999, emitter);
        assertThat(emitted).isEmpty();
        w.tick(1000, emitter);
        assertThat(emitted).containsExactly(new Emitted("count", 1L, 1000));
        w.tick(5000, emitter);
        assertThat(emitted).hasSize(1);
    }

    @Test
    void alarmRaisesAboveHighAndClearsOnlyBelowHysteresis() {
        ThresholdAlarm a = new ThresholdAlarm(0, 100, 5);
        a.apply(50, 0, emitter);
        a.apply(101, 1, emitter);
        a.apply(97, 2, emitter);
        a.apply(101, 3, emitter);
        a.apply(94, 4, emitter);
        assertThat(emitted).extracting(Emitted::value).containsExactly("normal", "high", "normal");
    }

    @Test
    void alarmRaisesBelowLow() {
        ThresholdAlarm a = new ThresholdAlarm(10, 100, 1);
        a.apply(5, 0, emitter);
        a.apply(10.5, 1, emitter);
        a.apply(11.5, 2, emitter);
        assertThat(emitted).extracting(Emitted::value).containsExactly("low", "normal");
    }

    @Test
    void alarmPassesValuesOnUnchanged() {
        assertThat(new ThresholdAlarm(0, 1, 0).apply(7, 0, emitter)).isEqualTo(7);
    }

    @Test
    void alarmRefusesHysteresisWiderThanTheBand() {
        assertThatThrownBy(() -> new ThresholdAlarm(0, 10, 6)).hasMessageContaining("hysteresis");
    }
}
