package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mviot.edge.testsupport.ManualScheduler;

/** When the link looks at the queue for "queued since", on a scheduler the test moves by hand. */
class QueueObservationTest {

    private final ManualScheduler timer = new ManualScheduler();
    private final AtomicInteger looks = new AtomicInteger();
    private final QueueObservation observation = new QueueObservation(timer, looks::incrementAndGet);
    /** The observation a look appends to (the look runs inside it). */
    private final QueueObservation[] appendDuringLook = new QueueObservation[1];

    @Test
    void anIdleQueueIsNeverLookedAt() {
        timer.advanceMillis(60_000);

        assertThat(looks).hasValue(0);
        assertThat(timer.waiting()).isZero();
    }

    @Test
    void appendsAreLookedAtOnceASecondAfterTheFirstOfThem() {
        observation.appended();
        timer.advanceMillis(400);
        observation.appended();
        observation.appended();
        assertThat(timer.dueInMillis()).as("one look for all three, a second after the first").isEqualTo(600);

        timer.advanceMillis(600);
        assertThat(looks).hasValue(1);
        assertThat(timer.waiting()).as("nothing appended since the look").isZero();

        observation.appended();
        assertThat(timer.dueInMillis()).isEqualTo(1000);
        timer.advanceMillis(1000);
        assertThat(looks).hasValue(2);
    }

    @Test
    void anAppendDuringTheLookArmsTheNextLook() {
        QueueObservation during = new QueueObservation(timer, () -> {
            looks.incrementAndGet();
            if (looks.get() == 1) {
                appendDuringLook[0].appended();
            }
        });
        appendDuringLook[0] = during;
        during.appended();

        timer.advanceMillis(1000);

        assertThat(looks).hasValue(1);
        assertThat(timer.dueInMillis()).isEqualTo(1000);
    }
}
