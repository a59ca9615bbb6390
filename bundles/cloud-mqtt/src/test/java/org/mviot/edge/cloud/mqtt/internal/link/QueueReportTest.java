package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoParsing;
import org.mviot.edge.cloud.mqtt.internal.codec.StrictJson;

class QueueReportTest {

    private static final ThingId GATEWAY = new ThingId("org.mviot.edge", "gw-1");
    private static final String TOPIC = "mviot/gw-1/twin/org.mviot.edge:gw-1";

    private final List<String> queued = new ArrayList<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicReference<QueueReport.QueueHealth> health = new AtomicReference<>(QueueReport.QueueHealth.OK);
    private final QueueReport report = new QueueReport(GATEWAY, TOPIC, (topic, json) -> {
        assertThat(topic).isEqualTo(TOPIC);
        queued.add(json);
    }, backlog::get, health::get);

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(int i) {
        Map<String, Object> m = (Map<String, Object>) StrictJson.parse(queued.get(i));
        assertThat(m.get("path")).isEqualTo("/features/queue/properties");
        return (Map<String, Object>) m.get("value");
    }

    @Test
    void queuesADittoMergeOnTheGatewayTwinsQueueFeatureThatDittoAccepts() {
        backlog.set(42);
        report.tick();

        assertThat(queued).hasSize(1);
        Signal<?> s = DittoParsing.parse(queued.get(0));
        assertThat(s).isInstanceOf(MergeThing.class);
        assertThat(((MergeThing) s).getEntityId().toString()).isEqualTo("org.mviot.edge:gw-1");
        assertThat(properties(0)).isEqualTo(Map.of("status", "ok", "backlog", 42L, "lostRecords", 0L, "skippedRecords", 0L,
                "quarantinedFiles", 0L, "problem", "", "tamperedRecords", 0L, "sealing", "off"));
    }

    @Test
    void carriesNoSequenceHeaderSoTheCoresNumberingOfTheGatewayTwinStaysIntact() {
        report.tick();

        assertThat(queued.get(0)).doesNotContain("\"sequence\"");
    }

    @Test
    void reportsAgainOnlyWhenTheBacklogOrTheHealthChanged() {
        report.tick();
        report.tick();
        backlog.set(7);
        report.tick();
        report.tick();
        health.set(new QueueReport.QueueHealth("read-only", 3, 2, 1, "segment 00000000000000000000.seg: a record's CRC32C does not match"));
        report.tick();
        report.tick();

        assertThat(queued).hasSize(3);
        assertThat(properties(0)).containsEntry("backlog", 0L);
        assertThat(properties(1)).containsEntry("backlog", 7L).containsEntry("status", "ok");
        assertThat(properties(2)).isEqualTo(Map.of("status", "read-only", "backlog", 7L, "lostRecords", 3L, "skippedRecords", 2L,
                "quarantinedFiles", 1L, "problem", "segment 00000000000000000000.seg: a record's CRC32C does not match", "tamperedRecords", 0L,
                "sealing", "off"));
        assertThat(DittoParsing.parse(queued.get(2))).isInstanceOf(MergeThing.class);
    }
}
