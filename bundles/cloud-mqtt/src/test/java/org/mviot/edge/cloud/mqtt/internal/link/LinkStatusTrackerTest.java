package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.twin.LinkStatus;

class LinkStatusTrackerTest {

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final LinkStatusTracker tracker = new LinkStatusTracker(backlog::get, dropped::get, () -> now);

    @Test
    void foldsTheMqttLinksStatesIntoTheThreeTheTwinShows() {
        assertThat(LinkStatusTracker.coarse(LinkState.CONNECTED)).isEqualTo(LinkStatus.State.CONNECTED);
        assertThat(LinkStatusTracker.coarse(LinkState.CONNECTING)).isEqualTo(LinkStatus.State.CONNECTING);
        assertThat(LinkStatusTracker.coarse(LinkState.WAITING)).isEqualTo(LinkStatus.State.CONNECTING);
        assertThat(LinkStatusTracker.coarse(LinkState.IDLE)).isEqualTo(LinkStatus.State.OFFLINE);
        assertThat(LinkStatusTracker.coarse(LinkState.STOPPED)).isEqualTo(LinkStatus.State.OFFLINE);
    }

    @Test
    void keepsSinceAcrossRetriesOfOneStateAndTheLastErrorAcrossTheReconnect() {
        tracker.stateChanged(LinkState.CONNECTING, null, null);
        now = now.plusSeconds(3);
        tracker.stateChanged(LinkState.WAITING, null, "cannot connect to tcp://b:1883: refused");
        assertThat(tracker.status().state()).isEqualTo(LinkStatus.State.CONNECTING);
        assertThat(tracker.status().since()).as("still connecting: since the first attempt").isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));

        now = now.plusSeconds(5);
        tracker.stateChanged(LinkState.CONNECTED, "tcp://b:1883", null);
        backlog.set(12);
        dropped.set(3);

        assertThat(tracker.status()).isEqualTo(new LinkStatus(LinkStatus.State.CONNECTED, "tcp://b:1883",
                Instant.parse("2025-01-01T00:00:08Z"), 12, 3, "cannot connect to tcp://b:1883: refused"));
    }

    @Test
    void readsBacklogAndDropsWhenAskedSoTheCoreSeesThemMoveWithoutAStateChange() {
        tracker.stateChanged(LinkState.IDLE, null, null);
        backlog.set(5);
        assertThat(tracker.status().backlog()).isEqualTo(5);
        backlog.set(9);
        assertThat(tracker.status().backlog()).isEqualTo(9);
        assertThat(tracker.status().state()).isEqualTo(LinkStatus.State.OFFLINE);
    }
}
