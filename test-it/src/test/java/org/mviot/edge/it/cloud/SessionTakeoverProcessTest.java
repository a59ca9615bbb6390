package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.BOILER;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.parse;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.uplinks;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Test;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.Started;

/**
 * The built distribution against a real Mosquitto (the cloud side), while a test client connects
 * again and again with the gateway's client id: Mosquitto ends the gateway's connection each time
 * with reason code 142 ("session taken over"). The gateway says so in one WARN line, reports the
 * takeovers in its twin (feature {@code link-security}), waits before taking the session back, and
 * delivers every update made meanwhile.
 */
public class SessionTakeoverProcessTest {

    private static final String GW = "takeover-gw";
    private static final String GATEWAY_THING = "org.mviot.edge:" + GW;
    private static final JsonPointer TAKEOVERS = JsonPointer.of("/features/link-security/properties/takeovers");
    private static final JsonPointer SUSPECTED = JsonPointer.of("/features/link-security/properties/suspected");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Started started = new Started();

    @After
    public void stopEverything() {
        started.close();
    }

    @Test
    public void repeatedTakeoversOfTheGatewaysClientIdAreReportedInItsTwinAndLoggedOnceAndNoUpdateIsLost() throws Exception {
        MosquittoBroker broker = started.add(MosquittoBroker.start(tmp.newFolder("mosquitto").toPath()));
        MqttRecorder cloud = started.add(new MqttRecorder(broker.uri(), "cloud-" + GW, "mviot/" + GW + "/twin/#"));
        DistroGateway gateway = started.add(DistroGateway.provision(tmp.newFolder("gw").toPath(), GW, broker.uri()));
        GatewayProcess p = gateway.run();
        cloud.await("an update of " + BOILER, r -> !uplinks(r, BOILER, 0).isEmpty());

        int takeovers = 4;
        for (int i = 1; i <= takeovers; i++) {
            int connections = i;
            // the gateway holds the session again (after its growing wait, from the third on), then loses it
            DistroGateway.await("cloud link connection #" + connections, () -> connectedLines(p) >= connections, p::output);
            takeOver(broker.uri());
            DistroGateway.await("takeover #" + connections + " seen by the gateway",
                    () -> p.stderrLines().stream().filter(l -> l.contains("session taken over")).count() >= connections, p::output);
        }
        DistroGateway.await("the link back after the takeovers", () -> connectedLines(p) >= takeovers + 1, p::output);

        // reported in the gateway twin
        cloud.await("link-security takeovers=" + takeovers + " in the gateway twin",
                r -> gatewayTwinValue(r, TAKEOVERS).filter(v -> v.isNumber() && v.asLong() == takeovers).isPresent());
        assertThat(gatewayTwinValue(cloud.received(), SUSPECTED)).contains(JsonValue.of(true));
        // logged once, as what it may be
        assertThat(p.stderrLines()).as(p.output()).filteredOn(l -> l.contains(" WARN ") && l.contains("possible attack")).hasSize(1)
                .allMatch(l -> l.contains("client id " + GW) && l.contains("taken over 3 times within 60 s"));
        // every update of the boiler made during the takeovers arrives: no gap in its sequence numbers
        int mark = cloud.received().size();
        cloud.await("updates of " + BOILER + " after the takeovers", r -> uplinks(r, BOILER, mark).size() >= 3);
        TreeSet<Long> seen = new TreeSet<>();
        for (GatewayCloudProcessTest.Uplink u : uplinks(cloud.received(), BOILER, 0)) {
            for (long s = u.first(); s <= u.last(); s++) {
                seen.add(s);
            }
        }
        assertThat(seen.last() - seen.first() + 1).as("contiguous sequence numbers of %s: %s", BOILER, seen).isEqualTo(seen.size());
    }

    private static long connectedLines(GatewayProcess p) {
        return p.stderrLines().stream().filter(l -> l.contains("cloud link connected")).count();
    }

    /** Connects with the gateway's client id (Mosquitto ends the gateway's connection: 142) and leaves. */
    private static void takeOver(String uri) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(uri, GW, new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(3600L);
            c.connect(o).waitForCompletion(MqttRecorder.TIMEOUT.toMillis());
            c.disconnect().waitForCompletion(MqttRecorder.TIMEOUT.toMillis());
        } finally {
            c.close(true);
        }
    }

    /** @return the newest value at a pointer of the gateway thing's merges, if any reported it */
    private static Optional<JsonValue> gatewayTwinValue(List<MqttRecorder.Received> received, JsonPointer pointer) {
        Optional<JsonValue> found = Optional.empty();
        for (MqttRecorder.Received m : received) {
            if (!m.topic().endsWith("/twin/" + GATEWAY_THING)) {
                continue;
            }
            Signal<?> s = parse(m.payload());
            if (s instanceof MergeThing merge) {
                JsonObject whole = JsonObject.empty().setValue(merge.getPath(), merge.getValue());
                Optional<JsonValue> v = whole.getValue(pointer);
                if (v.isPresent()) {
                    found = v;
                }
            }
        }
        return found;
    }
}
