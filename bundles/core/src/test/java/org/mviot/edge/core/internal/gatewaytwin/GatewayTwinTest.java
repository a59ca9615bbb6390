package org.mviot.edge.core.internal.gatewaytwin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.api.twin.LinkStatus;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.registry.DeviceRegistry;

class GatewayTwinTest {

    private static final ThingId GATEWAY = ThingId.parse("org.example:gw-1");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** A cloud link as the core sees it: a publisher that takes everything and tells its link status. */
    private static final class LinkedPublisher implements TwinPublisher {
        final List<TwinUpdate> taken = new CopyOnWriteArrayList<>();
        volatile LinkStatus status;

        @Override
        public boolean publish(TwinUpdate update) {
            return taken.add(update);
        }

        @Override
        public Optional<LinkStatus> linkStatus() {
            return Optional.ofNullable(status);
        }
    }

    private final CoreExecutors executors = new CoreExecutors(1, 4);
    private final Uplink uplink = new Uplink(1000);
    private final DeviceRegistry registry = new DeviceRegistry(executors, TimeBase.SYSTEM, new DeviceHandler.Timing(100, 100, 100),
            new TwinMapper(uplink));
    private final LinkedPublisher cloud = new LinkedPublisher();
    @TempDir
    Path data;

    @AfterEach
    void close() {
        registry.close();
        executors.close();
    }

    private GatewayTwin twin() {
        GatewayTwin twin = new GatewayTwin(GATEWAY, registry, uplink, executors, TimeBase.SYSTEM, data);
        uplink.addPublisher(cloud);
        twin.addPublisher(cloud);
        return twin;
    }

    /** @return the gateway thing's link properties published so far, latest value per path */
    private Map<String, Object> linkFeature() {
        uplink.flush();
        Map<String, Object> out = new LinkedHashMap<>();
        for (TwinUpdate u : cloud.taken) {
            if (u instanceof TwinUpdate.Changes c && c.thing().equals(GATEWAY)) {
                for (PropertyChange p : c.changes()) {
                    if (p.feature().equals("link")) {
                        out.put(p.path(), p.value());
                    }
                }
            }
        }
        return out;
    }

    private List<String> features() {
        uplink.flush();
        List<String> out = new ArrayList<>();
        cloud.taken.forEach(u -> {
            if (u instanceof TwinUpdate.Changes c) {
                c.changes().forEach(p -> out.add(p.feature()));
            }
        });
        return out;
    }

    @Test
    void theLinkIsShownAsOneFeatureWithStateBrokerSinceBacklogAndLastError() {
        GatewayTwin twin = twin();
        cloud.status = new LinkStatus(LinkStatus.State.CONNECTING, "tcp://broker:1883", T0, 12, 0, "connection refused");
        twin.reportLink(false);

        assertThat(linkFeature()).containsExactly(Map.entry("state", "connecting"), Map.entry("broker", "tcp://broker:1883"),
                Map.entry("since", "2026-12-01T10:00:00Z"), Map.entry("backlog", 12L), Map.entry("dropped", 0L), Map.entry("lastError", "connection refused"));
        assertThat(features()).doesNotContain("cloudLink");
    }

    @Test
    void aChangedStateIsReportedAtOnceButABacklogAloneWaitsForThePeriodicReport() {
        GatewayTwin twin = twin();
        cloud.status = new LinkStatus(LinkStatus.State.CONNECTED, "tcp://broker:1883", T0, 0, 0, "");
        twin.reportLink(false);
        uplink.flush();
        int before = cloud.taken.size();

        cloud.status = new LinkStatus(LinkStatus.State.CONNECTED, "tcp://broker:1883", T0, 40, 0, "");
        twin.reportLink(false);
        uplink.flush();
        assertThat(cloud.taken).hasSize(before);

        twin.report();
        assertThat(linkFeature()).containsEntry("backlog", 40L);

        cloud.status = new LinkStatus(LinkStatus.State.CONNECTING, "tcp://broker:1883", T0.plusSeconds(5), 40, 0, "broker gone");
        twin.reportLink(false);
        assertThat(linkFeature()).containsEntry("state", "connecting").containsEntry("lastError", "broker gone");
    }

    @Test
    void aPublisherWithoutALinkAddsNoLinkFeature() {
        GatewayTwin twin = twin();
        twin.report();
        assertThat(features()).contains("system", "devices", "uplink").doesNotContain("link", "cloudLink");
    }

    /** A contributed feature whose properties the test sets. */
    private static final class Contributed implements GatewayFeature {
        final String id;
        volatile Map<String, Object> properties = Map.of();

        Contributed(String id) {
            this.id = id;
        }

        @Override
        public String featureId() {
            return id;
        }

        @Override
        public Map<String, Object> properties() {
            return properties;
        }
    }

    /** @return the properties published so far for one feature, latest value per path */
    private Map<String, Object> feature(String name) {
        uplink.flush();
        Map<String, Object> out = new LinkedHashMap<>();
        cloud.taken.forEach(u -> {
            if (u instanceof TwinUpdate.Changes c && c.thing().equals(GATEWAY)) {
                c.changes().stream().filter(p -> p.feature().equals(name)).forEach(p -> out.put(p.path(), p.value()));
            }
        });
        return out;
    }

    @Test
    void aContributedFeatureTravelsWithThePeriodicReportAndItsChangesAtOnce() {
        GatewayTwin twin = twin();
        Contributed clock = new Contributed("clock");
        clock.properties = Map.of("synced", true, "offset.ms", 0.4);
        twin.addFeature(clock);
        twin.report();
        assertThat(feature("clock")).containsEntry("synced", true).containsEntry("offset.ms", 0.4);
        int before = cloud.taken.size();

        twin.reportFeatures();
        uplink.flush();
        assertThat(cloud.taken).as("nothing changed, nothing sent").hasSize(before);

        clock.properties = Map.of("synced", false, "offset.ms", 0.4);
        twin.reportFeatures();
        assertThat(feature("clock")).containsEntry("synced", false);
        assertThat(twin.latest()).containsEntry("clock/synced", false);
    }

    @Test
    void aFeatureThatThrowsTakesACoreNameOrSendsTooMuchCannotStopTheReport() {
        GatewayTwin twin = twin();
        twin.addFeature(new GatewayFeature() {
            @Override
            public String featureId() {
                return "broken";
            }

            @Override
            public Map<String, Object> properties() {
                throw new IllegalStateException("boom");
            }
        });
        Contributed impostor = new Contributed("system");
        impostor.properties = Map.of("uptime.seconds", -1L);
        twin.addFeature(impostor);
        Contributed chatty = new Contributed("chatty");
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            many.put("p" + i, "x".repeat(1000));
        }
        many.put("Bad Name\n", 1L);
        chatty.properties = many;
        twin.addFeature(chatty);

        twin.report();

        assertThat(feature("system")).doesNotContainEntry("uptime.seconds", -1L).containsKey("uptime.seconds");
        assertThat(feature("chatty")).hasSize(GatewayFeature.MAX_PROPERTIES).doesNotContainKey("Bad Name\n");
        assertThat(feature("chatty").values()).allSatisfy(v -> assertThat((String) v).hasSize(GatewayFeature.MAX_TEXT));
        assertThat(features()).contains("devices", "uplink").doesNotContain("broken");
    }
}
