package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoParsing;
import org.mviot.edge.cloud.mqtt.internal.codec.StrictJson;

class LinkReportTest {

    private static final ThingId GATEWAY = new ThingId("org.mviot.edge", "gw-1");
    private static final String TOPIC = "mviot/gw-1/twin/org.mviot.edge:gw-1";

    private final List<String> queued = new ArrayList<>();
    private final AtomicLong backlog = new AtomicLong();
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final LinkReport report = new LinkReport(GATEWAY, TOPIC, (topic, json) -> {
        assertThat(topic).isEqualTo(TOPIC);
        queued.add(json);
    }, backlog::get, () -> now);

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(int i) {
        Map<String, Object> m = (Map<String, Object>) StrictJson.parse(queued.get(i));
        assertThat(m.get("path")).isEqualTo("/features/cloudLink/properties");
        return (Map<String, Object>) m.get("value");
    }

    @Test
    void queuesADittoMergeOnTheGatewayTwinsCloudLinkFeatureThatDittoAccepts() {
        backlog.set(42);
        report.stateChanged(LinkState.CONNECTED, "tcp://broker:1883", null);

        assertThat(queued).hasSize(1);
        Signal<?> s = DittoParsing.parse(queued.get(0));
        assertThat(s).isInstanceOf(MergeThing.class);
        assertThat(((MergeThing) s).getEntityId().toString()).isEqualTo("org.mviot.edge:gw-1");
        assertThat(properties(0)).containsEntry("state", "connected").containsEntry("broker", "tcp://broker:1883")
                .containsEntry("since", "2025-01-01T00:00:00Z").containsEntry("backlog", 42L).containsEntry("lastError", "");
    }

    @Test
    void carriesNoSequenceHeaderSoTheCoresNumberingOfTheGatewayTwinStaysIntact() {
        report.stateChanged(LinkState.CONNECTING, null, null);

        assertThat(queued.get(0)).doesNotContain("\"sequence\"");
    }

    @Test
    void reportsEachChangeOfTheTwinStateOnceAndKeepsTheLastError() {
        report.stateChanged(LinkState.CONNECTING, null, null);
        report.stateChanged(LinkState.WAITING, null, "cannot connect to tcp://b:1883: refused");
        report.stateChanged(LinkState.CONNECTING, null, null);
        report.stateChanged(LinkState.WAITING, null, "cannot connect to tcp://b:1883: refused again");
        now = now.plusSeconds(5);
        report.stateChanged(LinkState.CONNECTED, "tcp://b:1883", null);
        report.stateChanged(LinkState.STOPPED, null, null);

        assertThat(queued).hasSize(3);
        assertThat(properties(0)).containsEntry("state", "connecting").containsEntry("lastError", "");
        assertThat(properties(1)).containsEntry("state", "connected").containsEntry("since", "2025-01-01T00:00:05Z")
                .containsEntry("lastError", "cannot connect to tcp://b:1883: refused again");
        assertThat(properties(2)).containsEntry("state", "offline");
    }

    @Test
    void refreshesTheBacklogOnlyWhenItChanged() {
        report.tick();
        assertThat(queued).as("nothing before the first state").isEmpty();

        report.stateChanged(LinkState.IDLE, null, null);
        report.tick();
        backlog.set(7);
        report.tick();
        report.tick();

        assertThat(queued).hasSize(2);
        assertThat(properties(0)).containsEntry("state", "offline").containsEntry("backlog", 0L);
        assertThat(properties(1)).containsEntry("state", "offline").containsEntry("backlog", 7L);
    }

    @Test
    void namesTheLinkStatesAsTheTwinShowsThem() {
        assertThat(LinkReport.twinState(LinkState.CONNECTED)).isEqualTo("connected");
        assertThat(LinkReport.twinState(LinkState.CONNECTING)).isEqualTo("connecting");
        assertThat(LinkReport.twinState(LinkState.WAITING)).isEqualTo("connecting");
        assertThat(LinkReport.twinState(LinkState.IDLE)).isEqualTo("offline");
        assertThat(LinkReport.twinState(LinkState.STOPPED)).isEqualTo("offline");
    }

    @Test
    void showsTheQueuesHealthAndReportsAgainWhenItChanges() {
        java.util.concurrent.atomic.AtomicReference<LinkReport.QueueHealth> health = new java.util.concurrent.atomic.AtomicReference<>(
                LinkReport.QueueHealth.OK);
        LinkReport withQueue = new LinkReport(GATEWAY, TOPIC, (topic, json) -> queued.add(json), backlog::get, health::get, () -> now);
        withQueue.stateChanged(LinkState.WAITING, null, "refused");
        withQueue.tick();
        health.set(new LinkReport.QueueHealth("read-only", 3, 2, 1, "segment 00000000000000000000.seg: a record's CRC32C does not match"));
        withQueue.tick();
        withQueue.tick();

        assertThat(queued).hasSize(2);
        assertThat(properties(0).get("queue")).isEqualTo(Map.of("status", "ok", "lostRecords", 0L, "skippedRecords", 0L,
                "quarantinedFiles", 0L, "problem", ""));
        assertThat(properties(1).get("queue")).isEqualTo(Map.of("status", "read-only", "lostRecords", 3L, "skippedRecords", 2L,
                "quarantinedFiles", 1L, "problem", "segment 00000000000000000000.seg: a record's CRC32C does not match"));
        assertThat(DittoParsing.parse(queued.get(1))).isInstanceOf(MergeThing.class);
    }
}
