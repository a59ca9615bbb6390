package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.ditto.base.model.signals.Signal;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.link.CloudLink;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueStatus;

/**
 * The queue on a full file system (issue 17, item 7; root: a loop-mounted ext4 image with no blocks
 * reserved for root). The cloud link keeps running and says so; telemetry is refused first (the
 * core holds it, coalesced), an alarm still gets in by dropping the oldest telemetry; when space
 * returns the queue takes records again by itself, and once the broker is back every record it took
 * arrives.
 */
public class QueueDiskFullTest {

    private static final ThingId BOILER = new ThingId("org.example.plant", "boiler-df");
    private static final String ID = "df-gw";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<AutoCloseable> open = new ArrayList<>();

    @After
    public void closeEverything() throws Exception {
        Exception failure = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    public void aFullDeviceRefusesTelemetryFirstKeepsAlarmsAndRecoversByItselfWhenSpaceReturns() throws Exception {
        Ext4Image.requireRoot("QueueDiskFullTest");
        Path dir = tmp.newFolder("device").toPath();
        Ext4Image image = Ext4Image.create(dir.resolve("small.img"), 8L << 20, "-m", "0");
        Ext4Image.Mount mount = image.mount(dir.resolve("mnt"));
        open.add(mount);
        MosquittoBroker broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        open.add(broker::close);
        broker.stop();
        Map<String, Object> settings = Map.of("broker_uris", broker.uri(), "client_id", ID,
                "queue_dir", mount.dir().resolve("queue").toString(), "queue_segment_bytes", 4096, "queue_max_bytes", 4L << 20);
        CloudLink link = CloudLinkMosquittoTest.startLink(settings);
        java.util.concurrent.atomic.AtomicBoolean linkStopped = new java.util.concurrent.atomic.AtomicBoolean();
        open.add(() -> {
            if (linkStopped.compareAndSet(false, true)) {
                link.deactivate();
            }
        });

        List<Long> accepted = new ArrayList<>();
        long seq = 1;
        for (; seq <= 100; seq++) {
            assertThat(link.publish(update(seq, false))).as("update %d with room on the device", seq).isTrue();
            accepted.add(seq);
        }

        Path filler = mount.dir().resolve("filler");
        fill(filler);
        long refusedAt = -1;
        for (int i = 0; i < 2_000 && refusedAt < 0; i++, seq++) {
            if (link.publish(update(seq, false))) {
                accepted.add(seq);
            } else {
                refusedAt = seq++;
            }
        }
        assertThat(refusedAt).as("telemetry refused once the device is full").isPositive();
        assertThat(link.queueStats().status()).isEqualTo(QueueStatus.DEVICE_FULL);
        assertThat(link.queueStats().problem()).contains(mount.dir().resolve("queue").toString()).containsAnyOf("free space",
                "No space left on device");

        long alarm = seq++;
        assertThat(link.publish(update(alarm, true))).as("an alarm on the full device").isTrue();
        accepted.add(alarm);
        long dropped = link.queueStats().dropped();
        assertThat(dropped).as("telemetry dropped to make room for the alarm").isPositive();

        Files.delete(filler);
        long after = seq++;
        assertThat(link.publish(update(after, false))).as("telemetry once space returned").isTrue();
        accepted.add(after);
        assertThat(link.queueStats().status()).isEqualTo(QueueStatus.OK);

        // the gateway restarts on what its queue kept, with the broker and a subscriber up before it connects
        if (linkStopped.compareAndSet(false, true)) {
            link.deactivate();
        }
        broker.restart();
        MqttRecorder cloud = new MqttRecorder(broker.uri(), "cloud-" + ID, "mviot/" + ID + "/#");
        open.add(cloud::close);
        CloudLink restarted = CloudLinkMosquittoTest.startLink(settings);
        open.add(restarted::deactivate);
        List<MqttRecorder.Received> got = cloud.await("the alarm " + alarm + " and update " + after,
                r -> covered(r).containsAll(List.of(alarm, after)));
        List<Long> arrived = covered(got);
        System.out.printf("full device: telemetry refused at update %d, alarm %d kept, %d telemetry dropped for it; %d of %d accepted "
                + "updates arrived%n", refusedAt, alarm, dropped, accepted.stream().filter(arrived::contains).count(),
                accepted.size());
        assertThat(arrived).as("the updates taken after the oldest telemetry was dropped").contains(alarm, after);
    }

    private static TwinUpdate.Changes update(long seq, boolean alarm) {
        return new TwinUpdate.Changes(BOILER, seq, List.of(new PropertyChange(alarm ? "alarms" : "temperature", alarm ? "alarm/high" : "value",
                alarm ? (Object) Boolean.TRUE : (Object) (20.0 + seq), System.currentTimeMillis(), Quality.GOOD, TimeSource.SYNCED)));
    }

    /** Writes a file until the device has no block left. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write(block);
            }
            throw new AssertionError("the device did not fill up");
        } catch (IOException full) {
            // no space left on device
        }
    }

    /** @return the sequence numbers of the boiler's updates that arrived (a batch covers sequence-first..sequence) */
    private static List<Long> covered(List<MqttRecorder.Received> got) {
        List<Long> out = new ArrayList<>();
        for (MqttRecorder.Received m : got) {
            if (!m.topic().endsWith("/twin/" + BOILER)) {
                continue;
            }
            Signal<?> s = CloudLinkMosquittoTest.parse(m.payload());
            long last = CloudLinkMosquittoTest.header(s, "sequence", 0);
            long first = CloudLinkMosquittoTest.header(s, "sequence-first", last);
            for (long q = first; q <= last; q++) {
                out.add(q);
            }
        }
        return out;
    }
}
