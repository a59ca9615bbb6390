package org.mviot.edge.it.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.cloud.MosquittoBroker;
import org.mviot.edge.it.cloud.MqttRecorder;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.FreePorts;

/**
 * The built distribution on the sim profile (which starts timesync and position) against a real
 * Mosquitto (issue 12): every device update carries its time quality in Ditto headers; samples taken
 * before the clock's first synchronization are flagged, later ones are synced with an error bound
 * once chronyd on loopback answers; the gateway twin shows the clock, position and gpio features.
 */
public class TimeQualityProcessTest {

    private static final DittoProtocolAdapter DITTO = DittoProtocolAdapter.newInstance();
    private static final String READY = "mviot-edge ready in \\d+ ms";
    private static final String BOILER = "org.mviot.demo:sim-boiler";
    private static final String ID = "gw-time";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private MosquittoBroker broker;
    private MqttRecorder cloud;
    private GatewayProcess gateway;
    private Chronyd chronyd;

    @After
    public void stopEverything() throws Exception {
        try {
            if (gateway != null) {
                gateway.terminate();
            }
            if (chronyd != null) {
                chronyd.close();
            }
            if (cloud != null) {
                cloud.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** A change of a device twin (not its definition), with its headers. */
    private record Change(String thing, Map<String, String> headers) {
    }

    private static List<Change> deviceChanges(List<MqttRecorder.Received> received) {
        return received.stream().filter(m -> m.topic().contains("/twin/org.mviot.demo:") || m.topic().contains("/twin/org.mviot.edge:sim-"))
                .map(m -> (MergeThing) parse(m.payload())).filter(m -> !m.getPath().isEmpty())
                .map(m -> new Change(m.getEntityId().toString(), m.getDittoHeaders())).toList();
    }

    private static Signal<?> parse(String json) {
        return DITTO.fromAdaptable(ProtocolFactory.jsonifiableAdaptableFromJson(JsonFactory.newObject(json)));
    }

    /** The gateway twin's reported properties, by pointer, newest value winning. */
    private static Map<String, JsonValue> gatewayTwin(List<MqttRecorder.Received> received) {
        Map<String, JsonValue> props = new LinkedHashMap<>();
        for (MqttRecorder.Received m : received) {
            if (!m.topic().endsWith(":" + ID)) {
                continue;
            }
            Signal<?> s = parse(m.payload());
            if (s instanceof MergeThing merge) {
                flatten(merge.getPath().toString(), merge.getValue(), props);
            }
        }
        return props;
    }

    private static void flatten(String pointer, JsonValue v, Map<String, JsonValue> into) {
        if (v.isObject()) {
            JsonObject o = v.asObject();
            o.forEach(f -> flatten((pointer.equals("/") ? "" : pointer) + "/" + f.getKeyName(), f.getValue(), into));
        } else {
            into.put(pointer, v);
        }
    }

    @Test
    public void everyDeviceUpdateCarriesItsTimeQualityFromUncheckedBeforeTheFirstSyncToSyncedAfterIt() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        cloud = new MqttRecorder(broker.uri(), "cloud-time", "mviot/" + ID + "/#");
        Path home = distroHome();
        Path work = tmp.newFolder("gw").toPath();
        GatewayProcess provision = GatewayProcess.exec(home, work, "provision", "--id", ID, "--broker", broker.uri(), "--profile", "sim");
        assertThat(provision.awaitExit()).as(provision.output()).isZero();
        // the clock's server: a loopback port where chronyd starts only later, so the first samples precede any sync
        int ntpPort = FreePorts.udp();
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.writeString(deploy.resolve("org.mviot.edge.timesync.config"), "servers=[\"127.0.0.1:" + ntpPort + "\"]\npoll.interval.s=I\"1\"\n"
                + "holdover.s=I\"60\"\ntimeout.ms=I\"300\"\nsystem.sources=B\"false\"\n");

        gateway = GatewayProcess.start(home, work, Map.of(), "run");
        gateway.awaitStdout(READY);

        List<MqttRecorder.Received> early = cloud.await("a flagged update of the boiler before the first sync",
                r -> deviceChanges(r).stream().anyMatch(c -> c.thing().equals(BOILER)));
        Change first = deviceChanges(early).stream().filter(c -> c.thing().equals(BOILER)).findFirst().orElseThrow();
        assertThat(first.headers()).containsEntry("time-source", "system-clock").containsEntry("time-uncertainty-ms", "-1")
                .containsEntry("time-before-first-sync", "true");

        chronyd = new Chronyd(tmp.newFolder("chrony").toPath(), ntpPort);

        List<MqttRecorder.Received> all = cloud.await("a synced update of the boiler",
                r -> deviceChanges(r).stream().anyMatch(c -> c.thing().equals(BOILER) && "synced".equals(c.headers().get("time-source"))));
        Change synced = deviceChanges(all).stream().filter(c -> c.thing().equals(BOILER) && "synced".equals(c.headers().get("time-source")))
                .findFirst().orElseThrow();
        assertThat(synced.headers()).containsEntry("time-before-first-sync", "false");
        assertThat(Long.parseLong(synced.headers().get("time-uncertainty-ms"))).isNotNegative();
        // every change message of every device says how good its time is
        assertThat(deviceChanges(all)).isNotEmpty().allSatisfy(c -> assertThat(c.headers())
                .containsKeys("time-source", "time-uncertainty-ms", "time-before-first-sync"));

        List<MqttRecorder.Received> twin = cloud.await("the gateway twin's clock synced and its position",
                r -> {
                    Map<String, JsonValue> g = gatewayTwin(r);
                    return JsonValue.of(true).equals(g.get("/features/clock/properties/synced"))
                            && g.containsKey("/features/position/properties/fix") && g.containsKey("/features/gpio/properties/board.expected");
                });
        Map<String, JsonValue> g = gatewayTwin(twin);
        assertThat(g.get("/features/clock/properties/source")).isEqualTo(JsonValue.of("ntp"));
        assertThat(g.get("/features/clock/properties/server")).isEqualTo(JsonValue.of("127.0.0.1:" + ntpPort));
        assertThat(g.get("/features/clock/properties/stratum")).isEqualTo(JsonValue.of(8));
        assertThat(g).containsKeys("/features/clock/properties/offset.ms", "/features/clock/properties/lastSync",
                "/features/clock/properties/errorBound.ms", "/features/clock/properties/firstSync");
        assertThat(g.get("/features/position/properties/fix")).isEqualTo(JsonValue.of(true));
        assertThat(g.get("/features/position/properties/source")).isEqualTo(JsonValue.of("fixed"));
        assertThat(g.get("/features/position/properties/lat")).isEqualTo(JsonValue.of(52.5163));
        assertThat(g.get("/features/gpio/properties/provider")).isEqualTo(JsonValue.of("mock"));

        assertThat(gateway.terminate()).as(gateway.output()).isZero();
        gateway = null;
    }
}
