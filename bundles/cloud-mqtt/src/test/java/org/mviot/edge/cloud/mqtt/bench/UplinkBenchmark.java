package org.mviot.edge.cloud.mqtt.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.mviot.edge.testsupport.ComponentConfigs;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec;
import org.mviot.edge.cloud.mqtt.internal.link.CloudLink;
import org.mviot.edge.cloud.mqtt.internal.link.LinkConfig;
import org.mviot.edge.cloud.mqtt.internal.link.LinkSettings;

/**
 * Benchmark of the uplink (not a test): raw Paho ceiling, twin updates/s without batching, property
 * changes/s with batching, latency at 1,000 changes/s, and a 1,000,000-update backlog drain.
 * Run by {@code bench/run.sh}, which starts Mosquitto and pins this JVM to one core.
 *
 * <p>Arguments: broker URI, work directory, then optional sizes.
 */
public final class UplinkBenchmark {

    private static final ThingId[] THINGS = new ThingId[10];

    static {
        for (int i = 0; i < THINGS.length; i++) {
            THINGS[i] = new ThingId("org.example.bench", "thing-" + i);
        }
    }

    private UplinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        // Paho's non-daemon threads of closed clients must not keep the JVM alive
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String uri = args[0];
        Path work = Path.of(args[1]);
        int rawCount = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        int backlog = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        String payload = DittoCodec.changes(List.of(update(THINGS[0], 1, 21.5)));
        report("payload bytes (one change, Ditto JSON)", payload.length());

        raw(uri, payload, rawCount);
        unbatched(uri, work.resolve("q-unbatched"), rawCount);
        batched(uri, work.resolve("q-batched"), 1_000_000);
        latency(uri, work.resolve("q-latency"), 10_000);
        backlog(uri, work.resolve("q-backlog"), backlog);
    }

    private static TwinUpdate.Changes update(ThingId thing, long seq, Object value) {
        return new TwinUpdate.Changes(thing, seq, List.of(new PropertyChange("temperature", "value", value, System.currentTimeMillis(),
                Quality.GOOD, TimeSource.SYNCED)));
    }

    private static void report(String what, double value) {
        System.out.printf("%-60s %,.1f%n", what, value);
    }

    private static void raw(String uri, String payload, int n) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(uri, "bench-raw", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        IMqttToken t = c.connect(o);
        t.waitForCompletion(10_000);
        Integer rm = t.getResponseProperties() == null ? null : t.getResponseProperties().getReceiveMaximum();
        Semaphore window = new Semaphore(Math.min(1000, rm == null ? 65535 : rm));
        AtomicInteger acked = new AtomicInteger();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        MqttActionListener l = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acked.incrementAndGet();
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquire();
            c.publish("bench/raw", new MqttMessage(bytes, 1, false, null), null, l);
        }
        await(() -> acked.get() >= n, 120);
        double secs = (System.nanoTime() - start) / 1e9;
        report("raw Paho v5 QoS 1 ceiling, messages/s (same payload)", n / secs);
        c.disconnect().waitForCompletion(5_000);
        c.close();
    }

    private static CloudLink link(String uri, Path queue, int batch, long maxMessages, long maxBytes) throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("broker_uris", uri);
        values.put("client_id", "bench-gw-" + queue.getFileName());
        values.put("queue_dir", queue.toString());
        values.put("batch_max_changes", batch);
        values.put("reconnect_initial_ms", 50L);
        values.put("reconnect_max_ms", 200L);
        values.put("queue_max_messages", maxMessages);
        values.put("queue_max_bytes", maxBytes);
        LinkConfig config = ComponentConfigs.of(LinkConfig.class, values);
        return new CloudLink(LinkSettings.resolve(config, k -> null, new org.mviot.edge.api.twin.GatewayIdentity() {
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

    private static void offerAll(CloudLink link, int n, long[] seqs) {
        for (int i = 0; i < n; i++) {
            int t = i % THINGS.length;
            while (!link.publish(update(THINGS[t], ++seqs[t], 20.0 + (i % 100) / 10.0))) {
                seqs[t]--;
                Thread.onSpinWait();
            }
        }
    }

    private static void unbatched(String uri, Path queue, int n) throws Exception {
        CloudLink link = link(uri, queue, 1, 2_000_000, 1L << 30);
        await(() -> link.uplinkCounts().connected(), 10);
        long start = System.nanoTime();
        offerAll(link, n, new long[THINGS.length]);
        await(() -> link.uplinkCounts().updates() >= n, 300);
        double secs = (System.nanoTime() - start) / 1e9;
        report("twin updates/s without batching (1 update = 1 publish)", n / secs);
        link.deactivate();
    }

    private static void batched(String uri, Path queue, int n) throws Exception {
        CloudLink link = link(uri, queue, 1000, 2_000_000, 1L << 30);
        await(() -> link.uplinkCounts().connected(), 10);
        long start = System.nanoTime();
        offerAll(link, n, new long[THINGS.length]);
        await(() -> link.uplinkCounts().changes() >= n, 300);
        double secs = (System.nanoTime() - start) / 1e9;
        report("property changes/s delivered with per-thing batching", n / secs);
        report("  publishes for them", link.uplinkCounts().publishes());
        link.deactivate();
    }

    private static void latency(String uri, Path queue, int n) throws Exception {
        long[] sent = new long[n];
        long[] lat = new long[n];
        AtomicInteger got = new AtomicInteger();
        MqttAsyncClient sub = new MqttAsyncClient(uri, "bench-sub", new MemoryPersistence());
        sub.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                String s = new String(m.getPayload(), StandardCharsets.UTF_8);
                int k = s.indexOf("\"sequence\":\"");
                int last = Integer.parseInt(s.substring(k + 12, s.indexOf('"', k + 12)));
                int f = s.indexOf("\"sequence-first\":\"");
                int first = f < 0 ? last : Integer.parseInt(s.substring(f + 18, s.indexOf('"', f + 18)));
                long now = System.nanoTime();
                // a batch carries every update from sequence-first to sequence
                for (int seq = Math.max(1, first); seq <= Math.min(last, n); seq++) {
                    if (lat[seq - 1] == 0) {
                        lat[seq - 1] = now - sent[seq - 1];
                        got.incrementAndGet();
                    }
                }
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String u) {
            }

            @Override
            public void authPacketArrived(int c, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        });
        sub.connect().waitForCompletion(10_000);
        sub.subscribe("mviot/bench-gw-q-latency/twin/#", 1).waitForCompletion(10_000);
        CloudLink link = link(uri, queue, 1000, 2_000_000, 1L << 30);
        await(() -> link.uplinkCounts().connected(), 10);
        ThingId thing = new ThingId("org.example.bench", "latency");
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * 1_000_000L;
            // park, not spin: on the one core the gateway has, a spinning producer steals the time the
            // uplink thread and Paho need, and the benchmark measures its own pacing
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            sent[i] = System.nanoTime();
            link.publish(update(thing, i + 1, (double) i));
        }
        await(() -> got.get() >= n, 60);
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        report("latency at 1,000 changes/s: p50 ms (publish() -> subscriber)", sorted[n / 2] / 1e6);
        report("latency at 1,000 changes/s: p99 ms", sorted[(int) (n * 0.99)] / 1e6);
        report("latency at 1,000 changes/s: max ms", sorted[n - 1] / 1e6);
        link.deactivate();
        sub.disconnect().waitForCompletion(5_000);
        sub.close();
    }

    private static long writeBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring(12).trim());
            }
        }
        return -1;
    }

    private static long du(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void backlog(String uri, Path queue, int n) throws Exception {
        // a broker URI nobody listens on: the updates pile up in the queue
        String nowhere = "tcp://127.0.0.1:1";
        CloudLink offline = link(nowhere, queue, 1000, 2_000_000, 2L << 30);
        long w0 = writeBytes();
        long start = System.nanoTime();
        offerAll(offline, n, new long[THINGS.length]);
        double appendSecs = (System.nanoTime() - start) / 1e9;
        offline.deactivate();
        long w1 = writeBytes();
        report("backlog: updates appended/s while offline", n / appendSecs);
        report("backlog: disk used, MB for " + n + " updates", du(queue) / 1e6);
        report("backlog: bytes on disk per update", du(queue) / (double) n);
        report("backlog: bytes written to storage per update (/proc/self/io)", (w1 - w0) / (double) n);

        CloudLink online = link(uri, queue, 1000, 2_000_000, 2L << 30);
        long d0 = System.nanoTime();
        await(() -> online.uplinkCounts().updates() >= n, 600);
        double drain = (System.nanoTime() - d0) / 1e9;
        report("backlog: drain updates/s after reconnect (incl. reconnect)", n / drain);
        report("backlog: publishes for the drain", online.uplinkCounts().publishes());
        online.deactivate();
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark step did not finish within " + seconds + " s");
            }
            Thread.sleep(5);
        }
    }
}
