package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.mviot.edge.testsupport.ComponentConfigs;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.base.model.signals.commands.CommandResponse;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.link.CloudLink;
import org.mviot.edge.cloud.mqtt.internal.link.LinkConfig;
import org.mviot.edge.cloud.mqtt.internal.link.LinkSettings;

/**
 * The cloud link against a real Mosquitto: uplinks parse with Ditto's own library, nothing made
 * during a broker outage is lost or reordered, commands get exactly one response with their
 * correlation data, and malformed ones get 4xx without stopping the link.
 *
 * <p>The outage lasts {@code -Dmviot.it.outage.seconds} (default 30, the issue's scenario).
 */
public class CloudLinkMosquittoTest {

    private static final DittoProtocolAdapter DITTO = DittoProtocolAdapter.newInstance();
    private static final ThingId BOILER = new ThingId("org.example.plant", "boiler-1");
    private static final ThingId PUMP = new ThingId("org.example.plant", "pump-7");
    private static final String GATEWAY = "gw-test";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private MosquittoBroker broker;
    private MqttRecorder cloud;
    private CloudLink link;
    private final List<Command> executed = new CopyOnWriteArrayList<>();

    @Before
    public void startBrokerAndCloudSide() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        cloud = new MqttRecorder(broker.uri(), "cloud-side", "mviot/" + GATEWAY + "/twin/#", "mviot/" + GATEWAY + "/state", "test/responses");
    }

    @After
    public void stopEverything() throws Exception {
        if (link != null) {
            link.deactivate();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private CloudLink startLink(Path queue, CommandService commands) throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("broker_uris", broker.uri());
        values.put("client_id", GATEWAY);
        values.put("queue_dir", queue.toString());
        values.put("command_timeout_ms", 5_000L);
        CloudLink l = startLink(values);
        if (commands != null) {
            var bind = CloudLink.class.getDeclaredMethod("bindCommandService", CommandService.class);
            bind.setAccessible(true);
            bind.invoke(l, commands);
        }
        return l;
    }

    /**
     * A cloud link in the test JVM with quick reconnects and commits; {@code values} (Config Admin
     * keys of {@link LinkConfig}) name the broker, client, queue and anything else the test needs.
     */
    static CloudLink startLink(Map<String, Object> values) throws java.io.IOException {
        Map<String, Object> all = new HashMap<>(Map.of("reconnect_initial_ms", 100L, "reconnect_max_ms", 1000L, "fsync_interval_ms", 50L));
        all.putAll(values);
        LinkConfig config = ComponentConfigs.of(LinkConfig.class, all);
        return new CloudLink(LinkSettings.resolve(config, key -> null, new org.mviot.edge.api.twin.GatewayIdentity() {
            @Override
            public String gatewayId() {
                return "gateway";
            }

            @Override
            public org.mviot.edge.api.twin.ThingId thing() {
                return new org.mviot.edge.api.twin.ThingId("org.mviot.edge", "gateway");
            }
        }));
    }

    /**
     * First arrivals must come in sequence order: a message whose range starts beyond the highest
     * number seen so far + 1 skipped ahead. A range that repeats numbers already seen is a resend of
     * what was in flight when the connection died (at-least-once), not a reordering.
     *
     * @return the ranges of the thing's updates that skipped ahead
     */
    static List<String> skipsAhead(List<MqttRecorder.Received> got, ThingId thing) {
        long highest = 0;
        List<String> skips = new ArrayList<>();
        for (MqttRecorder.Received m : got) {
            if (!m.topic().endsWith("/twin/" + thing)) {
                continue;
            }
            Signal<?> s = parse(m.payload());
            long lastSeq = header(s, "sequence", 0);
            long firstSeq = header(s, "sequence-first", lastSeq);
            if (lastSeq > highest) {
                if (firstSeq > highest + 1) {
                    skips.add(firstSeq + "-" + lastSeq + " after " + highest);
                }
                highest = lastSeq;
            }
        }
        return skips;
    }

    /** @return the highest sequence number of the thing's updates that arrived */
    static long highestSequence(List<MqttRecorder.Received> got, ThingId thing) {
        return got.stream().filter(m -> m.topic().endsWith("/twin/" + thing))
                .mapToLong(m -> header(parse(m.payload()), "sequence", 0)).max().orElse(0);
    }

    static TwinUpdate.Changes changes(ThingId thing, long seq) {
        return new TwinUpdate.Changes(thing, seq, List.of(
                new PropertyChange("temperature", "value", 20.0 + seq / 10.0, System.currentTimeMillis(), Quality.GOOD, TimeSource.SYNCED),
                new PropertyChange("counter", "value", seq, System.currentTimeMillis(), Quality.GOOD, TimeSource.SYNCED)));
    }

    static Signal<?> parse(String json) {
        return DITTO.fromAdaptable(ProtocolFactory.jsonifiableAdaptableFromJson(JsonFactory.newObject(json)));
    }

    static long header(Signal<?> s, String name, long fallback) {
        String v = s.getDittoHeaders().get(name);
        return v == null ? fallback : Long.parseLong(v);
    }

    @Test
    public void uplinksArriveAtTheBrokerAndParseAsDittoMergeCommands() throws Exception {
        link = startLink(tmp.newFolder("queue").toPath(), null);
        link.publish(new TwinUpdate.Definition(BOILER, 1, "boiler-1", "sim", Map.of("description", "boiler"), List.of(
                new FeatureDefinition("temperature", "value", "temp", ChannelType.DOUBLE, "°C", Access.READ, new Range(0, 120), false, ""))));
        for (long seq = 2; seq <= 20; seq++) {
            link.publish(changes(BOILER, seq));
            link.publish(changes(PUMP, seq - 1));
        }

        List<MqttRecorder.Received> got = cloud.await("update 20 of boiler-1 and 19 of pump-7", r -> coveredUpTo(r, BOILER) >= 20 && coveredUpTo(r, PUMP) >= 19);

        for (MqttRecorder.Received m : got) {
            assertThat(parse(m.payload())).as(m.payload()).isInstanceOf(MergeThing.class);
        }
        assertThat(got).anyMatch(m -> m.topic().equals("mviot/" + GATEWAY + "/state") && m.payload().contains("\"link\":{\"properties\":{\"state\":\"connected\""));
        MergeThing definition = (MergeThing) parse(got.stream().filter(m -> m.topic().endsWith(BOILER.toString()))
                .findFirst().orElseThrow().payload());
        assertThat(definition.getValue().asObject().getValue("attributes/model/temperature/value/unit").orElseThrow().asString()).isEqualTo("°C");
    }

    /** The sequence numbers 1..last of a thing that did not arrive, as ranges ({@code [201-340, 512]}). */
    static List<String> missingRanges(List<MqttRecorder.Received> received, ThingId thing, long last) {
        java.util.BitSet seen = new java.util.BitSet();
        for (MqttRecorder.Received m : received) {
            if (m.topic().endsWith("/twin/" + thing)) {
                Signal<?> s = parse(m.payload());
                long l = header(s, "sequence", 0);
                seen.set((int) header(s, "sequence-first", l), (int) l + 1);
            }
        }
        List<String> out = new ArrayList<>();
        for (int from = seen.nextClearBit(1); from <= last; from = seen.nextClearBit(from)) {
            int to = Math.min((int) last, seen.nextSetBit(from) < 0 ? (int) last : seen.nextSetBit(from) - 1);
            out.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = to + 1;
        }
        return out;
    }

    /** The highest sequence number such that every update 1..n of the thing arrived. */
    static long coveredUpTo(List<MqttRecorder.Received> received, ThingId thing) {
        java.util.BitSet seen = new java.util.BitSet();
        for (MqttRecorder.Received m : received) {
            if (!m.topic().endsWith("/twin/" + thing)) {
                continue;
            }
            Signal<?> s = parse(m.payload());
            long last = header(s, "sequence", 0);
            long first = header(s, "sequence-first", last);
            seen.set((int) first, (int) last + 1);
        }
        int firstMissing = seen.nextClearBit(1);
        return firstMissing - 1;
    }

    /** Pacing of a producer (the passing of time is the scenario here, not a stand-in for an event). */
    static void parkUntil(long deadline) {
        for (long wait; (wait = deadline - System.nanoTime()) > 0; ) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    @Test
    public void everyUpdateMadeDuringABrokerOutageArrivesInOrderPerThing() throws Exception {
        long outageMillis = Long.getLong("mviot.it.outage.seconds", 30) * 1000;
        link = startLink(tmp.newFolder("queue").toPath(), null);
        long seq = 0;
        for (; seq < 200; seq++) {
            link.publish(changes(BOILER, seq + 1));
            link.publish(changes(PUMP, seq + 1));
        }
        cloud.await("the updates before the outage", r -> coveredUpTo(r, BOILER) >= 200 && coveredUpTo(r, PUMP) >= 200);

        broker.stop();
        awaitLinkState(org.mviot.edge.cloud.mqtt.internal.link.LinkState.CONNECTED, false);
        long start = System.nanoTime();
        long end = start + outageMillis * 1_000_000;
        // the devices keep changing while the broker is away: one update per thing and millisecond,
        // at most 50,000 each; the broker stays away for the whole outage
        for (int i = 0; i < 50_000 && System.nanoTime() < end; i++) {
            seq++;
            link.publish(changes(BOILER, seq));
            link.publish(changes(PUMP, seq));
            parkUntil(Math.min(end, start + (i + 1) * 1_000_000L));
        }
        parkUntil(end);
        long lastDuringOutage = seq;
        broker.restart();
        for (int i = 0; i < 100; i++) {
            seq++;
            link.publish(changes(BOILER, seq));
            link.publish(changes(PUMP, seq));
        }
        long last = seq;

        long outageFirst = 201;
        List<MqttRecorder.Received> got = cloud.await("all " + last + " updates of both things",
                r -> coveredUpTo(r, BOILER) >= last && coveredUpTo(r, PUMP) >= last,
                r -> "; missing sequence numbers (outage " + outageFirst + ".." + lastDuringOutage + ", after it up to " + last + "): "
                        + BOILER + " " + missingRanges(r, BOILER, last) + ", " + PUMP + " " + missingRanges(r, PUMP, last)
                        + "; link backlog " + link.queueStats().undelivered() + ", uplink " + link.uplinkCounts()
                        + ", recorder reconnected at message " + cloud.reconnectedAt());

        assertThat(lastDuringOutage).isGreaterThan(200);
        for (ThingId thing : List.of(BOILER, PUMP)) {
            assertThat(skipsAhead(got, thing)).as("updates of %s that skipped ahead", thing).isEmpty();
            assertThat(highestSequence(got, thing)).isEqualTo(last);
        }
    }

    private void awaitLinkState(org.mviot.edge.cloud.mqtt.internal.link.LinkState state, boolean in) throws InterruptedException {
        awaitLinkState(link, state, in);
    }

    /** Waits until the link is ({@code in}) or is not in the state. */
    static void awaitLinkState(CloudLink link, org.mviot.edge.cloud.mqtt.internal.link.LinkState state, boolean in) throws InterruptedException {
        long deadline = System.nanoTime() + MqttRecorder.TIMEOUT.toNanos();
        while ((link.state() == state) != in) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("link state stayed " + link.state());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    public void commandDownGetsExactlyOneResponseWithItsCorrelationData() throws Exception {
        link = startLink(tmp.newFolder("queue").toPath(), command -> {
            executed.add(command);
            return CompletableFuture.completedFuture(new CommandResult.Done(command.correlationId(), "boiler-1", "sp", command.value()));
        });
        cloud.await("the birth message", r -> r.stream().anyMatch(m -> m.payload().contains("\"link\":{\"properties\":{\"state\":\"connected\"")));

        cloud.send("mviot/" + GATEWAY + "/commands", "{\"topic\":\"org.example.plant/boiler-1/things/twin/commands/modify\","
                + "\"headers\":{\"correlation-id\":\"cmd-1\"},\"path\":\"/features/setpoint/desiredProperties/value\",\"value\":42.5}",
                "test/responses", "corr-1".getBytes(StandardCharsets.UTF_8));

        List<MqttRecorder.Received> got = cloud.await("a response", r -> r.stream().anyMatch(m -> m.topic().equals("test/responses")));
        List<MqttRecorder.Received> responses = got.stream().filter(m -> m.topic().equals("test/responses")).toList();
        assertThat(responses).hasSize(1);
        assertThat(new String(responses.get(0).correlationData(), StandardCharsets.UTF_8)).isEqualTo("corr-1");
        Signal<?> response = parse(responses.get(0).payload());
        assertThat(response).isInstanceOf(CommandResponse.class);
        assertThat(((CommandResponse<?>) response).getHttpStatus().getCode()).isEqualTo(204);
        assertThat(response.getDittoHeaders().getCorrelationId()).contains("cmd-1");
        assertThat(executed).singleElement().satisfies(c -> {
            assertThat(c.thing()).isEqualTo(BOILER);
            assertThat(c.feature()).isEqualTo("setpoint");
            assertThat(c.path()).isEqualTo("value");
            assertThat(c.value()).isEqualTo(42.5);
        });
    }

    @Test
    public void malformedAndRefusedCommandsGet4xxAndTheLinkKeepsWorking() throws Exception {
        link = startLink(tmp.newFolder("queue").toPath(), command -> {
            executed.add(command);
            if (command.feature().equals("nosuch")) {
                return CompletableFuture.completedFuture(new CommandResult.Rejected(command.correlationId(), "unknown feature nosuch of boiler-1"));
            }
            if (command.feature().equals("broken")) {
                return CompletableFuture.completedFuture(new CommandResult.Failed(command.correlationId(), "device boiler-1 channel x: write failed"));
            }
            return CompletableFuture.completedFuture(new CommandResult.Done(command.correlationId(), "boiler-1", "sp", command.value()));
        });
        cloud.await("the birth message", r -> r.stream().anyMatch(m -> m.payload().contains("\"link\":{\"properties\":{\"state\":\"connected\"")));
        String commands = "mviot/" + GATEWAY + "/commands";
        String ok = "{\"topic\":\"org.example.plant/boiler-1/things/twin/commands/modify\",\"headers\":{\"correlation-id\":\"c\"},"
                + "\"path\":\"/features/%s/desiredProperties/value\",\"value\":%s}";
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("not json at all", 400);
        expected.put("[1,2,3]", 400);
        expected.put("{\"topic\":\"org.example.plant/boiler-1/things/twin/commands/delete\",\"path\":\"/\"}", 400);
        expected.put("{\"topic\":\"org.example.plant/boiler-1/things/twin/commands/modify\",\"path\":\"/attributes/x\",\"value\":1}", 404);
        expected.put(String.format(ok, "setpoint", "[1,2]"), 400);
        expected.put(String.format(ok, "nosuch", "1"), 404);
        expected.put(String.format(ok, "broken", "1"), 502);
        expected.put(String.format(ok, "setpoint", "7"), 204);
        int i = 0;
        for (String payload : expected.keySet()) {
            cloud.send(commands, payload, "test/responses", ("r" + i++).getBytes(StandardCharsets.UTF_8));
        }

        List<MqttRecorder.Received> got = cloud.await(expected.size() + " responses",
                r -> r.stream().filter(m -> m.topic().equals("test/responses")).count() >= expected.size());

        List<MqttRecorder.Received> responses = got.stream().filter(m -> m.topic().equals("test/responses")).toList();
        assertThat(responses).hasSize(expected.size());
        List<Integer> statuses = new ArrayList<>(expected.values());
        for (MqttRecorder.Received r : responses) {
            int index = Integer.parseInt(new String(r.correlationData(), StandardCharsets.UTF_8).substring(1));
            Signal<?> s = parse(r.payload());
            int status = s instanceof CommandResponse<?> c ? c.getHttpStatus().getCode()
                    : ((org.eclipse.ditto.base.model.signals.commands.ErrorResponse<?>) s).getHttpStatus().getCode();
            assertThat(status).as("response to %s: %s", new ArrayList<>(expected.keySet()).get(index), r.payload()).isEqualTo(statuses.get(index));
        }
    }
}
