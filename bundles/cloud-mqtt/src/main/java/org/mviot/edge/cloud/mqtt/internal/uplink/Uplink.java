package org.mviot.edge.cloud.mqtt.internal.uplink;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec;
import org.mviot.edge.cloud.mqtt.internal.link.Topics;
import org.mviot.edge.cloud.mqtt.internal.queue.Entry;
import org.mviot.edge.cloud.mqtt.internal.queue.Priority;
import org.mviot.edge.cloud.mqtt.internal.queue.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes twin updates into the persistent queue and sends the queue up, in order, QoS 1.
 *
 * <p>One thread reads the queue from the first undelivered record. Records read together are
 * grouped per thing: consecutive change updates of one thing become one Ditto merge (up to
 * {@code batchMaxChanges} changes), so batching happens exactly when a backlog exists; a definition
 * is sent alone and ends the thing's batch, keeping order per thing. Delivery is tracked per read
 * chunk: the queue's cursor moves past a chunk when every publish made from it was acknowledged
 * (PUBACK), and only then can its records leave the disk. After a reconnect, reading starts again
 * at the cursor: at-least-once, with per-thing sequence numbers in the headers for de-duplication.
 */
public final class Uplink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    private static final int READ_CHUNK = 512;

    /** Where the uplink publishes; the MQTT link in production, a fake in unit tests. */
    public interface Transport {
        /**
         * @param topic    topic
         * @param message  message
         * @param context  passed back
         * @param callback told of the PUBACK or failure
         * @return false if not connected
         */
        boolean publish(String topic, MqttMessage message, Object context, MqttActionListener callback);
    }

    private static final class Chunk {
        final long end;
        final int epoch;
        int outstanding;
        boolean sealed;

        Chunk(long end, int epoch) {
            this.end = end;
            this.epoch = epoch;
        }

        boolean done() {
            return sealed && outstanding == 0;
        }
    }

    private final SegmentedLog log;
    private final Transport transport;
    private final Topics topics;
    private final int batchMaxChanges;
    private final int maxInflight;
    private final long telemetryExpirySeconds;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final Map<ThingId, TwinUpdate.Definition> definitions = new ConcurrentHashMap<>();
    private final LongAdder publishes = new LongAdder();
    private final LongAdder updatesSent = new LongAdder();
    private final LongAdder changesSent = new LongAdder();
    private final Thread thread;
    private boolean connected;
    private int window;
    private int inflight;
    private int epoch;
    private long readFrom;
    private boolean appended;
    private volatile boolean running = true;

    /**
     * @param log                    the queue
     * @param transport              where to publish
     * @param topics                 topic scheme
     * @param batchMaxChanges        most changes per publish
     * @param maxInflight            most unacknowledged publishes
     * @param telemetryExpirySeconds message expiry of telemetry, 0 for none
     */
    public Uplink(SegmentedLog log, Transport transport, Topics topics, int batchMaxChanges, int maxInflight,
                  long telemetryExpirySeconds) {
        this.log = log;
        this.transport = transport;
        this.topics = topics;
        this.batchMaxChanges = batchMaxChanges;
        this.maxInflight = maxInflight;
        this.telemetryExpirySeconds = telemetryExpirySeconds;
        this.readFrom = log.cursor();
        this.thread = new Thread(this::run, "mviot-cloud-uplink");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Appends an update to the queue.
     *
     * @param update the update
     * @return whether the queue took it
     * @throws IOException if the disk fails
     */
    public boolean offer(TwinUpdate update) throws IOException {
        if (update instanceof TwinUpdate.Definition d) {
            definitions.put(d.thing(), d);
        }
        long offset = log.append(BinaryFormat.encode(update), priority(update));
        if (offset < 0) {
            return false;
        }
        signalAppended();
        return true;
    }

    /**
     * Appends a command response that could not be sent at once.
     *
     * @param response the response
     * @throws IOException if the disk fails
     */
    public void offer(BinaryFormat.PendingResponse response) throws IOException {
        log.append(BinaryFormat.encode(response), Priority.KEEP);
        signalAppended();
    }

    /**
     * Appends a message the link makes itself about the gateway (its link state): sent in order
     * like the rest, dropped like telemetry when the queue is full.
     *
     * @param topic where
     * @param json  the Ditto message
     * @return whether the queue took it
     * @throws IOException if the disk fails
     */
    public boolean offerGatewayReport(String topic, String json) throws IOException {
        long offset = log.append(BinaryFormat.encode(new BinaryFormat.PendingResponse(topic, new byte[0], json)), Priority.TELEMETRY);
        if (offset < 0) {
            return false;
        }
        signalAppended();
        return true;
    }

    private void signalAppended() {
        lock.lock();
        try {
            appended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Alarms and definitions are never dropped from a full queue; plain telemetry is. */
    static Priority priority(TwinUpdate u) {
        if (u instanceof TwinUpdate.Changes c) {
            for (PropertyChange p : c.changes()) {
                if (p.path().startsWith("alarm")) {
                    return Priority.KEEP;
                }
            }
            return Priority.TELEMETRY;
        }
        return Priority.KEEP;
    }

    /** @return the latest definition of every thing seen, for the birth message */
    public Map<ThingId, TwinUpdate.Definition> definitions() {
        return Map.copyOf(definitions);
    }

    /**
     * A connection is up: send from the first undelivered record.
     *
     * @param receiveMaximum the broker's receive maximum
     */
    public void connected(int receiveMaximum) {
        lock.lock();
        try {
            connected = true;
            window = Math.max(1, Math.min(maxInflight, receiveMaximum));
            restart();
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: whatever was not acknowledged is sent again after the next connect. */
    public void disconnected() {
        lock.lock();
        try {
            connected = false;
            restart();
        } finally {
            lock.unlock();
        }
    }

    private void restart() {
        epoch++;
        chunks.clear();
        inflight = 0;
        readFrom = log.cursor();
        changed.signalAll();
    }

    private void run() {
        while (running) {
            try {
                if (!step()) {
                    lock.lock();
                    try {
                        if (!appended && running) {
                            changed.await(500, TimeUnit.MILLISECONDS);
                        }
                        appended = false;
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("cloud uplink cannot read the queue; retrying", e);
                lock.lock();
                try {
                    changed.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    return;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Reads and sends one chunk; false when there was nothing to send. */
    private boolean step() throws IOException, InterruptedException {
        int myEpoch;
        long from;
        lock.lock();
        try {
            while (running && (!connected || inflight >= window)) {
                changed.await(500, TimeUnit.MILLISECONDS);
            }
            if (!running) {
                return false;
            }
            myEpoch = epoch;
            from = readFrom;
        } finally {
            lock.unlock();
        }
        List<Entry> entries = log.read(from, READ_CHUNK);
        if (entries.isEmpty()) {
            return false;
        }
        Chunk chunk = new Chunk(entries.get(entries.size() - 1).offset() + 1, myEpoch);
        lock.lock();
        try {
            if (epoch != myEpoch) {
                return true;
            }
            readFrom = chunk.end;
            chunks.addLast(chunk);
        } finally {
            lock.unlock();
        }
        Map<ThingId, List<TwinUpdate.Changes>> batches = new LinkedHashMap<>();
        Map<ThingId, Integer> batchSizes = new LinkedHashMap<>();
        for (Entry e : entries) {
            Object item;
            try {
                item = BinaryFormat.decode(e.payload());
            } catch (IllegalArgumentException ex) {
                LOG.error("queue record {} cannot be read and is skipped: {}", e.offset(), ex.getMessage());
                continue;
            }
            if (item instanceof TwinUpdate.Changes c) {
                List<TwinUpdate.Changes> b = batches.computeIfAbsent(c.thing(), t -> new ArrayList<>());
                b.add(c);
                int n = batchSizes.merge(c.thing(), c.changes().size(), Integer::sum);
                if (n >= batchMaxChanges) {
                    if (!send(chunk, topics.twin(c.thing()), DittoCodec.changes(b), b.size(), n, telemetryExpirySeconds, null)) {
                        return true;
                    }
                    batches.remove(c.thing());
                    batchSizes.remove(c.thing());
                }
            } else if (item instanceof TwinUpdate.Definition d) {
                List<TwinUpdate.Changes> b = batches.remove(d.thing());
                Integer n = batchSizes.remove(d.thing());
                if (b != null && !send(chunk, topics.twin(d.thing()), DittoCodec.changes(b), b.size(), n, telemetryExpirySeconds, null)) {
                    return true;
                }
                definitions.putIfAbsent(d.thing(), d);
                if (!send(chunk, topics.twin(d.thing()), DittoCodec.definition(d), 1, 0, 0, null)) {
                    return true;
                }
            } else if (item instanceof BinaryFormat.PendingResponse r) {
                if (!send(chunk, r.topic(), r.json(), 0, 0, 0, r.correlationData())) {
                    return true;
                }
            }
        }
        for (Map.Entry<ThingId, List<TwinUpdate.Changes>> b : batches.entrySet()) {
            if (!send(chunk, topics.twin(b.getKey()), DittoCodec.changes(b.getValue()), b.getValue().size(),
                    batchSizes.get(b.getKey()), telemetryExpirySeconds, null)) {
                return true;
            }
        }
        lock.lock();
        try {
            chunk.sealed = true;
            complete();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Publishes one message of a chunk, waiting for room in the window; false if the connection went away. */
    private boolean send(Chunk chunk, String topic, String json, int updates, int changes, long expirySeconds, byte[] correlation)
            throws InterruptedException {
        lock.lock();
        try {
            while (running && chunk.epoch == epoch && connected && inflight >= window) {
                changed.await(500, TimeUnit.MILLISECONDS);
            }
            if (!running || chunk.epoch != epoch || !connected) {
                return false;
            }
            inflight++;
            chunk.outstanding++;
        } finally {
            lock.unlock();
        }
        MqttMessage m = new MqttMessage(DittoCodec.bytes(json), 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setContentType(DittoCodec.CONTENT_TYPE);
        if (expirySeconds > 0) {
            p.setMessageExpiryInterval(expirySeconds);
        }
        if (correlation != null && correlation.length > 0) {
            p.setCorrelationData(correlation);
        }
        m.setProperties(p);
        if (!transport.publish(topic, m, chunk, new Acknowledgement(updates, changes))) {
            lock.lock();
            try {
                if (chunk.epoch == epoch) {
                    inflight--;
                    chunk.outstanding--;
                    // the client refused although connected (it is going down): start over from the cursor
                    restart();
                }
            } finally {
                lock.unlock();
            }
            return false;
        }
        publishes.increment();
        return true;
    }

    private final class Acknowledgement implements MqttActionListener {
        private final int updates;
        private final int changes;

        Acknowledgement(int updates, int changes) {
            this.updates = updates;
            this.changes = changes;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                LOG.warn("broker refused a publish with reason code 0x{}; the update is not sent again", Integer.toHexString(codes[0]));
            }
            updatesSent.add(updates);
            changesSent.add(changes);
            acknowledged((Chunk) token.getUserContext());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            // the connection is going down; the record is sent again after the reconnect
            LOG.debug("publish failed: {}", e.toString());
        }
    }

    private void acknowledged(Chunk chunk) {
        lock.lock();
        try {
            if (chunk.epoch != epoch) {
                return;
            }
            // only a full window can have the sender waiting: no wake-up per PUBACK otherwise
            boolean windowWasFull = inflight >= window;
            inflight--;
            chunk.outstanding--;
            complete();
            if (windowWasFull) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves the queue's cursor past the chunks at the head that are wholly acknowledged. */
    private void complete() {
        long release = -1;
        while (!chunks.isEmpty() && chunks.peekFirst().done()) {
            release = chunks.pollFirst().end;
        }
        if (release >= 0) {
            log.release(release);
        }
    }

    /** @return counts for the gateway twin, logs and benchmarks */
    public Counts counts() {
        lock.lock();
        try {
            return new Counts(publishes.sum(), updatesSent.sum(), changesSent.sum(), inflight, connected);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counters.
     *
     * @param publishes   messages published
     * @param updates     twin updates acknowledged by the broker
     * @param changes     property changes acknowledged by the broker
     * @param inflight    publishes awaiting their PUBACK
     * @param connected   whether a connection is up
     */
    public record Counts(long publishes, long updates, long changes, int inflight, boolean connected) {
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.join(5_000);
    }
}
