package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.cloud.CloudLinkMosquittoTest.awaitLinkState;
import static org.mviot.edge.it.cloud.CloudLinkMosquittoTest.changes;
import static org.mviot.edge.it.cloud.CloudLinkMosquittoTest.coveredUpTo;
import static org.mviot.edge.it.cloud.CloudLinkMosquittoTest.highestSequence;
import static org.mviot.edge.it.cloud.CloudLinkMosquittoTest.parkUntil;
import static org.mviot.edge.it.cloud.CloudLinkMosquittoTest.skipsAhead;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.link.CloudLink;
import org.mviot.edge.cloud.mqtt.internal.link.LinkState;

/**
 * The cloud link across a network drop: unlike a stopped broker, a silent path closes nothing,
 * so the link has to notice through MQTT keepalive, and nothing made meanwhile may be lost or
 * reordered. The link talks to Mosquitto through a {@link BlackholeRelay}; the cloud side
 * subscribes to Mosquitto directly.
 */
public class NetworkDropTest {

    private static final ThingId BOILER = new ThingId("org.example.plant", "boiler-1");
    private static final ThingId PUMP = new ThingId("org.example.plant", "pump-7");
    private static final String GATEWAY = "gw-drop";
    private static final int KEEPALIVE_SECONDS = 2;
    /**
     * Paho sends its PINGREQ at the first keepalive check that finds no inbound traffic for a
     * keepalive, and gives up at the next check; with checks every keepalive, noticing takes 2 to 3
     * keepalives after the last packet in. Four keepalives leave room for a slow machine.
     */
    private static final Duration DROP = Duration.ofSeconds(4L * KEEPALIVE_SECONDS);
    /** Pacing of the devices: one update per thing this often. */
    private static final long UPDATE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int MAX_STREAMED = 5_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private MosquittoBroker broker;
    private BlackholeRelay relay;
    private MqttRecorder cloud;
    private CloudLink link;
    private ExecutorService devices;

    @Before
    public void startBrokerRelayAndCloudSide() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        relay = BlackholeRelay.start(URI.create(broker.uri()).getPort());
        cloud = new MqttRecorder(broker.uri(), "cloud-side", "mviot/" + GATEWAY + "/twin/#");
        devices = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "devices");
            t.setDaemon(true);
            return t;
        });
    }

    @After
    public void stopEverything() throws Exception {
        if (devices != null) {
            devices.shutdownNow();
            devices.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (link != null) {
            link.deactivate();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    public void everyUpdateMadeDuringASilentNetworkDropArrivesInOrderPerThing() throws Exception {
        link = startLinkThroughRelay();
        for (long seq = 1; seq <= 100; seq++) {
            link.publish(changes(BOILER, seq));
            link.publish(changes(PUMP, seq));
        }
        cloud.await("the first 100 updates of both things", r -> coveredUpTo(r, BOILER) >= 100 && coveredUpTo(r, PUMP) >= 100);

        AtomicLong seq = new AtomicLong(100);
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> stream = devices.submit(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < MAX_STREAMED && !stop.get(); i++) {
                long s = seq.get() + 1;
                link.publish(changes(BOILER, s));
                link.publish(changes(PUMP, s));
                seq.set(s);
                parkUntil(start + (i + 1) * UPDATE_PERIOD_NANOS);
            }
        });
        cloud.await("streamed updates", r -> coveredUpTo(r, BOILER) >= 150 && coveredUpTo(r, PUMP) >= 150);
        awaitLinkState(link, LinkState.CONNECTED, true);

        long dropStart = System.nanoTime();
        int frozen = relay.drop();
        long firstInDrop = seq.get() + 1;
        long noticedNanos = awaitLinkLeavesConnected(dropStart + DROP.toNanos()) - dropStart;
        parkUntil(dropStart + DROP.toNanos()); // the network stays away for the whole drop: the scenario, not a wait for an event
        long lastInDrop = seq.get();
        int reset = relay.restore();
        awaitLinkState(link, LinkState.CONNECTED, true);
        stop.set(true);
        stream.get(MqttRecorder.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long last = seq.get();
        System.out.printf("drop of %d ms noticed after %d ms; %d connection(s) frozen, %d reset; updates %d..%d made during the drop, %d in all%n",
                DROP.toMillis(), TimeUnit.NANOSECONDS.toMillis(noticedNanos), frozen, reset, firstInDrop, lastInDrop, last);

        List<MqttRecorder.Received> got = cloud.await("all " + last + " updates of both things",
                r -> coveredUpTo(r, BOILER) >= last && coveredUpTo(r, PUMP) >= last);

        assertThat(frozen).as("connections open through the relay when it dropped").isGreaterThanOrEqualTo(1);
        assertThat(reset).as("frozen connections reset when the network came back").isGreaterThanOrEqualTo(frozen);
        assertThat(lastInDrop - firstInDrop + 1).as("updates of each thing made during the drop").isGreaterThan(500);
        for (ThingId thing : List.of(BOILER, PUMP)) {
            assertThat(skipsAhead(got, thing)).as("updates of %s that arrived before an earlier one", thing).isEmpty();
            assertThat(highestSequence(got, thing)).isEqualTo(last);
        }
    }

    private CloudLink startLinkThroughRelay() throws Exception {
        return CloudLinkMosquittoTest.startLink(Map.of("broker_uris", relay.uri(), "client_id", GATEWAY,
                "queue_dir", tmp.newFolder("queue").toString(), "keepalive_seconds", KEEPALIVE_SECONDS));
    }

    /** @return when (System.nanoTime) the link was first seen not connected; fails at the deadline */
    private long awaitLinkLeavesConnected(long deadlineNanos) throws InterruptedException {
        while (link.state() == LinkState.CONNECTED) {
            if (System.nanoTime() > deadlineNanos) {
                throw new AssertionError("the network has been silent for " + DROP + " and the link (keepalive " + KEEPALIVE_SECONDS
                        + " s) still says connected");
            }
            synchronized (this) {
                wait(20);
            }
        }
        return System.nanoTime();
    }
}
