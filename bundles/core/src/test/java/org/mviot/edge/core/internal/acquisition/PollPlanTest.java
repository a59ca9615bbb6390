package org.mviot.edge.core.internal.acquisition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;

class PollPlanTest {

    private static ChannelSpec polled(String name, long millis) {
        return new ChannelSpec(name, ChannelType.INTEGER, "", Access.READ, new Acquisition.Poll(Duration.ofMillis(millis)), null, null, null);
    }

    private static List<String> names(List<ChannelSpec> channels) {
        return channels.stream().map(ChannelSpec::name).toList();
    }

    @Test
    void eachTickHasTheChannelsWhosePeriodCameRoundInDescriptorOrder() {
        PollPlan plan = new PollPlan(List.of(polled("a", 300), polled("b", 100), polled("c", 1000), polled("d", 300),
                new ChannelSpec("e", ChannelType.INTEGER, "", Access.READ, new Acquisition.Event(Duration.ofSeconds(5)), null, null, null)));

        assertThat(plan.tickMillis()).isEqualTo(100);
        assertThat(names(plan.due(0))).containsExactly("a", "b", "c", "d");
        assertThat(names(plan.due(1))).containsExactly("b");
        assertThat(names(plan.due(3))).containsExactly("a", "b", "d");
        assertThat(names(plan.due(10))).containsExactly("b", "c");
        assertThat(names(plan.due(30))).containsExactly("a", "b", "c", "d");
    }

    @Test
    void theSameChannelsDueAgainComeAsTheSameImmutableList() {
        PollPlan plan = new PollPlan(List.of(polled("a", 100), polled("b", 200)));

        List<ChannelSpec> first = plan.due(2);

        assertThat(plan.due(4)).isSameAs(first);
        assertThat(plan.due(3)).isNotSameAs(first);
        assertThat(List.copyOf(first)).isSameAs(first); // immutable: a driver may keep it as its key
    }

    @Test
    void manyDistinctPeriodsStillGiveTheRightChannels() {
        List<ChannelSpec> channels = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            channels.add(polled("p" + i, 100L * i));
        }
        PollPlan plan = new PollPlan(channels);

        for (long tick : new long[] {0, 1, 6, 12, 35, 69, 70, 140}) {
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 70; i++) {
                if (tick % i == 0) {
                    expected.add("p" + i);
                }
            }
            assertThat(names(plan.due(tick))).as("tick %d", tick).isEqualTo(expected);
        }
    }
}
