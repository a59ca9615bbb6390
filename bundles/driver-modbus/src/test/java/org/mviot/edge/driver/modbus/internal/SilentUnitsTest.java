package org.mviot.edge.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SilentUnitsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final SilentUnits units = new SilentUnits(now::get);

    @Test
    void aSilentUnitSharingItsLinkIsLeftAloneForAPauseThatDoublesUpToAMinuteAndEndsWhenItAnswers() {
        units.join("tcp a:502", 1);
        units.join("tcp a:502", 7);
        units.noAnswer("tcp a:502", 7, "unit 7 did not answer");
        assertThat(units.leftAlone("tcp a:502", 7)).isEqualTo("unit 7 did not answer");
        assertThat(units.leftAlone("tcp a:502", 1)).isNull();
        now.addAndGet(SilentUnits.FIRST_PAUSE_MILLIS);
        assertThat(units.leftAlone("tcp a:502", 7)).as("asked again after the first pause").isNull();

        long pause = SilentUnits.FIRST_PAUSE_MILLIS;
        for (int i = 0; i < 6; i++) {
            units.noAnswer("tcp a:502", 7, "unit 7 did not answer");
            pause = Math.min(SilentUnits.MAX_PAUSE_MILLIS, pause * 2);
            now.addAndGet(pause - 1);
            assertThat(units.leftAlone("tcp a:502", 7)).as("within pause %d", pause).isNotNull();
            now.addAndGet(1);
            assertThat(units.leftAlone("tcp a:502", 7)).as("after pause %d", pause).isNull();
        }
        assertThat(pause).isEqualTo(SilentUnits.MAX_PAUSE_MILLIS);

        units.noAnswer("tcp a:502", 7, "unit 7 did not answer");
        units.answered("tcp a:502", 7);
        assertThat(units.leftAlone("tcp a:502", 7)).isNull();
        units.noAnswer("tcp a:502", 7, "unit 7 did not answer");
        now.addAndGet(SilentUnits.FIRST_PAUSE_MILLIS);
        assertThat(units.leftAlone("tcp a:502", 7)).as("after an answer the pause starts over").isNull();
    }

    @Test
    void aSilentUnitAloneOnItsLinkIsAskedOnEveryPoll() {
        units.join("rtu /dev/ttyUSB0 9600 8N1", 3);
        units.noAnswer("rtu /dev/ttyUSB0 9600 8N1", 3, "unit 3 did not answer");
        assertThat(units.leftAlone("rtu /dev/ttyUSB0 9600 8N1", 3)).isNull();
        units.join("rtu /dev/ttyUSB0 9600 8N1", 4);
        assertThat(units.leftAlone("rtu /dev/ttyUSB0 9600 8N1", 3)).isEqualTo("unit 3 did not answer");
        units.leave("rtu /dev/ttyUSB0 9600 8N1", 4);
        assertThat(units.leftAlone("rtu /dev/ttyUSB0 9600 8N1", 3)).isNull();
    }
}
