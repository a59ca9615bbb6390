package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.base.model.signals.commands.CommandResponse;
import org.eclipse.ditto.base.model.signals.commands.ErrorResponse;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The built distribution (sim profile: demo devices sim-boiler and sim-pump, cloud-mqtt) as a
 * process against a real Mosquitto: a SIGKILL mid-stream loses nothing that was in the queue file,
 * commands round-trip through the real core and simulated device, and everything that goes up
 * parses with Ditto's own protocol adapter.
 */
public class GatewayCloudProcessTest {

    private static final DittoProtocolAdapter DITTO = DittoProtocolAdapter.newInstance();
    static final String BOILER = "org.mviot.demo:sim-boiler";
    static final String PUMP = "org.mviot.demo:sim-pump";
    private static final JsonPointer SETPOINT = JsonPointer.of("/features/setpoint/properties/value");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private MosquittoBroker broker;
    private MqttRecorder cloud;
    private DistroGateway gateway;

    @Before
    public void startBroker() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
    }

    @After
    public void stopEverything() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            try {
                if (cloud != null) {
                    cloud.close();
                }
            } finally {
                broker.close();
            }
        }
    }

    private DistroGateway provision(String id) throws Exception {
        cloud = new MqttRecorder(broker.uri(), "cloud-" + id, "mviot/" + id + "/#", "test/responses");
        gateway = DistroGateway.provision(tmp.newFolder("gw-" + id).toPath(), id, broker.uri());
        return gateway;
    }

    // ---------------------------------------------------------------- parsing helpers

    static Signal<?> parse(String json) {
        return DITTO.fromAdaptable(ProtocolFactory.jsonifiableAdaptableFromJson(JsonFactory.newObject(json)));
    }

    private static boolean isTwinOf(MqttRecorder.Received m, String thing) {
        return m.topic().endsWith("/twin/" + thing);
    }

    /** One uplink of a thing as the cloud sees it. */
    record Uplink(int index, MergeThing merge, long first, long last, Instant timestamp) {
        boolean definition() {
            return merge.getPath().isEmpty();
        }
    }

    static List<Uplink> uplinks(List<MqttRecorder.Received> received, String thing, int from) {
        List<Uplink> out = new ArrayList<>();
        for (int i = from; i < received.size(); i++) {
            MqttRecorder.Received m = received.get(i);
            if (!isTwinOf(m, thing)) {
                continue;
            }
            Signal<?> s = parse(m.payload());
            assertThat(s).as(m.payload()).isInstanceOf(MergeThing.class);
            MergeThing merge = (MergeThing) s;
            assertThat(merge.getEntityId().toString()).isEqualTo(thing);
            String seq = s.getDittoHeaders().get("sequence");
            assertThat(seq).as("sequence header of %s", m.payload()).isNotNull();
            long last = Long.parseLong(seq);
            long first = Long.parseLong(s.getDittoHeaders().getOrDefault("sequence-first", seq));
            String ts = s.getDittoHeaders().get("timestamp");
            out.add(new Uplink(i, merge, first, last, ts == null ? null : Instant.parse(ts)));
        }
        return out;
    }

    /** The highest n such that every sequence number 1..n is covered by one of the uplinks. */
    /**
     * The highest sequence number up to which the updates are complete, counting from the lowest one
     * seen (each start of the gateway numbers its updates from a new epoch, see core's SequenceEpoch).
     */
    private static long coveredUpTo(List<Uplink> uplinks) {
        TreeSet<Long> seen = new TreeSet<>();
        for (Uplink u : uplinks) {
            for (long s = u.first(); s <= u.last(); s++) {
                seen.add(s);
            }
        }
        if (seen.isEmpty()) {
            return 0;
        }
        long upTo = seen.first();
        while (seen.contains(upTo + 1)) {
            upTo++;
        }
        return upTo;
    }

    /** @return how many updates from the lowest sequence number seen are complete */
    private static long coveredCount(List<Uplink> uplinks) {
        return uplinks.isEmpty() ? 0 : coveredUpTo(uplinks) - uplinks.stream().mapToLong(Uplink::first).min().orElseThrow() + 1;
    }

    private static Optional<JsonValue> valueAt(MergeThing m, JsonPointer target) {
        JsonPointer path = m.getPath();
        if (path.getLevelCount() > target.getLevelCount()) {
            return Optional.empty();
        }
        for (int i = 0; i < path.getLevelCount(); i++) {
            if (!path.get(i).equals(target.get(i))) {
                return Optional.empty();
            }
        }
        if (path.getLevelCount() == target.getLevelCount()) {
            return Optional.of(m.getValue());
        }
        JsonPointer rest = target.getSubPointer(path.getLevelCount()).orElseThrow();
        return m.getValue().isObject() ? m.getValue().asObject().getValue(rest) : Optional.empty();
    }

    // ---------------------------------------------------------------- 1. SIGKILL mid-stream

    @Test
    public void everyUpdateInTheQueueFileWhenTheGatewayIsKilledArrivesAfterARestart() throws Exception {
        DistroGateway gw = provision("gw-kill");
        gw.run();

        // mid-stream: the first updates of both demo things are delivered...
        cloud.await("the first 3 updates of both demo things", r -> coveredCount(uplinks(r, BOILER, 0)) >= 3 && coveredCount(uplinks(r, PUMP, 0)) >= 3);
        // ...then the broker goes away and updates pile up in the queue file
        broker.stop();
        Path scratch = tmp.newFolder("queue-copies").toPath();
        int[] copies = {0};
        QueueOnDisk[] seen = {null};
        DistroGateway.await("5 undelivered updates of each demo thing in " + gw.queueDir(), () -> {
            try {
                seen[0] = QueueOnDisk.read(gw.queueDir(), scratch.resolve("while-running-" + copies[0]++));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            Map<String, TreeSet<Long>> u = seen[0].undelivered();
            return u.getOrDefault(BOILER, new TreeSet<>()).size() >= 5 && u.getOrDefault(PUMP, new TreeSet<>()).size() >= 5;
        }, () -> "queue: " + (seen[0] == null ? "unread" : seen[0].undelivered()));
        // every update the core counts as taken by the link was written to the queue file before it was counted
        long publishedBeforeKill = gw.publishedCount();

        int exit = gw.kill9();
        long afterKill = System.currentTimeMillis();
        int receivedBeforeRestart = cloud.received().size();
        assertThat(exit).as("exit code of a SIGKILLed JVM").isEqualTo(128 + 9);

        // what is provably persisted: the queue file as the kill left it (SIGKILL keeps the page cache)
        QueueOnDisk persisted = QueueOnDisk.read(gw.queueDir(), scratch.resolve("after-kill"));
        assertThat(persisted.nextOffset()).as("appends in the queue file vs. updates the core saw taken before the kill")
                .isGreaterThanOrEqualTo(publishedBeforeKill);
        Map<String, TreeSet<Long>> onDisk = persisted.sequences();
        Map<String, Long> noted = new TreeMap<>();
        for (String thing : List.of(BOILER, PUMP)) {
            TreeSet<Long> seqs = onDisk.get(thing);
            assertThat(seqs).as("sequence numbers of %s in the queue file", thing).isNotEmpty();
            // the core numbers every update it hands over; none was refused, so the file holds a contiguous run
            assertThat(seqs.last() - seqs.first() + 1).as("contiguous sequence numbers of %s on disk: %s", thing, seqs)
                    .isEqualTo(seqs.size());
            assertThat(persisted.undelivered().get(thing)).as("undelivered updates of %s", thing).hasSizeGreaterThanOrEqualTo(5);
            noted.put(thing, seqs.last());
        }

        // the broker comes back, the gateway starts again on the same data directory
        broker.restart();
        gw.run();
        gw.process().awaitLog("queue .* recovered: \\d+ records");

        // updates made before the kill carry measurement timestamps before it; the restarted gateway's
        // own updates are made after it (and, see the report, are numbered from 1 again)
        List<MqttRecorder.Received> got;
        try {
            got = cloud.await("every persisted update " + noted + " again", r -> noted.entrySet().stream()
                    .allMatch(e -> coveredUpTo(firstRun(r, e.getKey(), receivedBeforeRestart, afterKill)) >= e.getValue()));
        } catch (AssertionError e) {
            StringBuilder b = new StringBuilder(e.getMessage()).append("\nkilled at ").append(Instant.ofEpochMilli(afterKill))
                    .append(", queue file at the kill: ").append(persisted.records().size()).append(" records, cursor ")
                    .append(persisted.cursor()).append(", next offset ").append(persisted.nextOffset());
            List<MqttRecorder.Received> r = cloud.received();
            for (String thing : noted.keySet()) {
                b.append("\n").append(thing).append(" on disk ").append(onDisk.get(thing)).append(", undelivered ")
                        .append(persisted.undelivered().get(thing)).append("\n  before restart: ")
                        .append(describe(uplinks(r, thing, 0).stream().filter(u -> u.index() < receivedBeforeRestart).toList()))
                        .append("\n  after restart:  ").append(describe(uplinks(r, thing, receivedBeforeRestart)));
            }
            b.append("\n--- restarted gateway\n").append(gw.process().output());
            throw new AssertionError(b.toString(), e);
        }

        for (String thing : List.of(BOILER, PUMP)) {
            List<Uplink> firstRun = firstRun(got, thing, receivedBeforeRestart, afterKill);
            System.out.printf("%s: %d updates in the queue file at the kill (sequences %s, %d undelivered); after the restart: %s%n", thing,
                    onDisk.get(thing).size(), onDisk.get(thing).first() + ".." + noted.get(thing), persisted.undelivered().get(thing).size(),
                    uplinks(got, thing, receivedBeforeRestart).stream().map(u -> (firstRun.contains(u) ? "" : "new:")
                            + (u.definition() ? "def" : "") + u.first() + (u.first() == u.last() ? "" : "-" + u.last())).toList());
            long highest = firstRun.stream().mapToLong(Uplink::first).min().orElseThrow() - 1;
            List<String> skipped = new ArrayList<>();
            for (Uplink u : firstRun) {
                assertThat(u.first()).as("sequence range of %s", u.merge()).isLessThanOrEqualTo(u.last());
                if (u.last() > highest) {
                    if (u.first() > highest + 1) {
                        skipped.add(u.first() + "-" + u.last() + " after " + highest);
                    }
                    highest = u.last();
                }
            }
            assertThat(skipped).as("updates of %s that arrived ahead of an earlier one", thing).isEmpty();
            assertThat(coveredUpTo(firstRun)).as("updates of %s covered without a gap", thing).isGreaterThanOrEqualTo(noted.get(thing));
            assertThat(firstRun.stream().filter(u -> u.index() >= receivedBeforeRestart))
                    .as("updates of %s sent again by the restarted gateway", thing).isNotEmpty();
        }
    }

    private static String describe(List<Uplink> ups) {
        StringBuilder b = new StringBuilder();
        for (Uplink u : ups) {
            b.append(u.definition() ? "def" : "").append(u.first()).append(u.first() == u.last() ? "" : "-" + u.last())
                    .append(u.timestamp() == null ? "" : "@" + u.timestamp()).append(' ');
        }
        return b.toString();
    }

    /**
     * Uplinks of a thing made by the first gateway run: everything received before the restart, and
     * after it the resent change updates whose newest measurement is older than the kill.
     */
    private static List<Uplink> firstRun(List<MqttRecorder.Received> received, String thing, int restartIndex, long killMillis) {
        List<Uplink> out = new ArrayList<>();
        for (Uplink u : uplinks(received, thing, 0)) {
            if (u.index() < restartIndex || (u.timestamp() != null && u.timestamp().toEpochMilli() <= killMillis)) {
                out.add(u);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- 2. commands down

    static int status(Signal<?> s) {
        if (s instanceof CommandResponse<?> c) {
            return c.getHttpStatus().getCode();
        }
        return ((ErrorResponse<?>) s).getHttpStatus().getCode();
    }

    static String modify(String thing, String feature, String value) {
        String[] ns = thing.split(":", 2);
        return "{\"topic\":\"" + ns[0] + "/" + ns[1] + "/things/twin/commands/modify\",\"headers\":{\"correlation-id\":\"c-" + value + "\"},"
                + "\"path\":\"/features/" + feature + "/desiredProperties/value\",\"value\":" + value + "}";
    }

    static List<MqttRecorder.Received> responses(List<MqttRecorder.Received> r, String correlation) {
        return r.stream().filter(m -> m.topic().equals("test/responses") && m.correlationData() != null
                && new String(m.correlationData(), StandardCharsets.UTF_8).equals(correlation)).toList();
    }

    /** Sends a command through a broker's client and returns its response (on test/responses), once it has arrived. */
    static Signal<?> command(MqttRecorder cloud, String gatewayId, String payload, String correlation) throws Exception {
        cloud.send("mviot/" + gatewayId + "/commands", payload, "test/responses", correlation.getBytes(StandardCharsets.UTF_8));
        List<MqttRecorder.Received> got = cloud.await("the response to " + correlation, r -> !responses(r, correlation).isEmpty());
        return parse(responses(got, correlation).get(0).payload());
    }

    /** Waits for an update of the boiler's reported setpoint to a value, received after a message index. */
    static void awaitReportedSetpoint(MqttRecorder cloud, int after, double value) throws InterruptedException {
        cloud.await("reported setpoint " + value + " of " + BOILER, r -> uplinks(r, BOILER, after).stream()
                .anyMatch(u -> valueAt(u.merge(), SETPOINT).filter(JsonValue::isNumber).map(v -> v.asDouble() == value).orElse(false)));
    }

    @Test
    public void commandsMoveTheSimulatedSetpointAndOutOfRangeIsRefusedWithTheLinkAlive() throws Exception {
        DistroGateway gw = provision("gw-cmd");
        gw.run();
        cloud.await("the definition of " + BOILER, r -> uplinks(r, BOILER, 0).stream().anyMatch(Uplink::definition));

        int before = cloud.received().size();
        Signal<?> ok = command(cloud, "gw-cmd", modify(BOILER, "setpoint", "41.5"), "corr-ok-1");
        assertThat(ok).isInstanceOf(CommandResponse.class);
        assertThat(status(ok)).as("status of the setpoint command").isBetween(200, 299);
        assertThat(ok.getDittoHeaders().getCorrelationId()).contains("c-41.5");
        awaitReportedSetpoint(cloud, before, 41.5);

        Signal<?> tooHot = command(cloud, "gw-cmd", modify(BOILER, "setpoint", "150"), "corr-range");
        assertThat(tooHot).isInstanceOf(ErrorResponse.class);
        assertThat(status(tooHot)).isBetween(400, 499);
        assertThat(((ErrorResponse<?>) tooHot).getDittoRuntimeException().getMessage()).as("reason").contains("setpoint");

        Signal<?> garbage = command(cloud, "gw-cmd", "{not json", "corr-garbage");
        assertThat(status(garbage)).isEqualTo(400);

        // the link is still alive: a later valid command is executed and reported
        int beforeSecond = cloud.received().size();
        Signal<?> again = command(cloud, "gw-cmd", modify(BOILER, "setpoint", "55.5"), "corr-ok-2");
        assertThat(status(again)).isBetween(200, 299);
        awaitReportedSetpoint(cloud, beforeSecond, 55.5);

        // exactly one response each: the gateway answers in order on one connection, so a duplicate of
        // an earlier response would have come before the last one, which has arrived
        List<MqttRecorder.Received> all = cloud.received();
        for (String c : List.of("corr-ok-1", "corr-range", "corr-garbage", "corr-ok-2")) {
            assertThat(responses(all, c)).as("responses with correlation data %s", c).hasSize(1);
        }
        assertThat(gw.process().stderrLines()).noneMatch(l -> l.contains("Exception in thread"));
    }

    // ---------------------------------------------------------------- 3. uplinks parse

    @Test
    public void birthDefinitionsAndChangesOfTheRunningDistroParseAsDittoMergeCommands() throws Exception {
        DistroGateway gw = provision("gw-up");
        gw.run();

        List<MqttRecorder.Received> got = cloud.await("the birth, the definitions and 3 change updates of both demo things",
                r -> r.stream().anyMatch(m -> m.topic().equals("mviot/gw-up/state") && m.payload().contains("\"state\":\"connected\""))
                        && List.of(BOILER, PUMP).stream().allMatch(t -> uplinks(r, t, 0).stream().anyMatch(Uplink::definition)
                        && uplinks(r, t, 0).stream().filter(u -> !u.definition()).count() >= 3));

        // every message from the gateway is a Ditto merge command
        for (MqttRecorder.Received m : got) {
            if (m.topic().startsWith("mviot/gw-up/") && !m.topic().startsWith("mviot/gw-up/commands")) {
                assertThat(parse(m.payload())).as("%s: %s", m.topic(), m.payload()).isInstanceOf(MergeThing.class);
            }
        }
        MergeThing birth = got.stream().filter(m -> m.topic().equals("mviot/gw-up/state") && m.payload().contains("\"state\":\"connected\""))
                .map(m -> (MergeThing) parse(m.payload())).findFirst().orElseThrow();
        assertThat(birth.getValue().asObject().getValue("features/link/properties/state").orElseThrow().asString()).isEqualTo("connected");

        for (String thing : List.of(BOILER, PUMP)) {
            List<Uplink> ups = uplinks(got, thing, 0);
            Uplink definition = ups.get(0);
            assertThat(definition.definition()).as("first uplink of %s is its definition", thing).isTrue();
            // core numbers the updates of each start from epoch × 2^32 + 1: the definition is the first
            assertThat(definition.first() % (1L << 32)).isEqualTo(1);
            assertThat(definition.first()).isEqualTo(ups.stream().mapToLong(Uplink::first).min().orElseThrow());
            assertThat(definition.merge().getValue().asObject().getValue("attributes").orElseThrow().isObject()).isTrue();
            assertThat(coveredUpTo(ups)).as("updates of %s from the definition on without a gap", thing).isGreaterThanOrEqualTo(ups.get(ups.size() - 1).last());
            for (Uplink u : ups.subList(1, ups.size())) {
                assertThat(u.merge().getPath().toString()).startsWith("/features");
                assertThat(u.timestamp()).as("timestamp header of %s", u.merge()).isNotNull();
                assertThat(u.merge().getDittoHeaders().getContentType()).contains("application/merge-patch+json");
            }
        }
        assertThat(definitionOf(got, BOILER).getValue("attributes/model/setpoint/value/unit").map(JsonValue::asString)).contains("Cel");
        // the birth message carries every device's self-description (the birth is sent at connect: the
        // devices may not be known yet, so the retained birth of a later connect is not awaited here)
        assertThat(birth.getValue().asObject().getValue("attributes").orElseThrow().isObject()).isTrue();
    }

    private static org.eclipse.ditto.json.JsonObject definitionOf(List<MqttRecorder.Received> got, String thing) {
        return uplinks(got, thing, 0).stream().filter(Uplink::definition).findFirst().orElseThrow().merge().getValue().asObject();
    }
}
