package org.mviot.edge.cloud.mqtt.internal.uplink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec;
import org.mviot.edge.cloud.mqtt.internal.link.Topics;
import org.mviot.edge.cloud.mqtt.internal.queue.Entry;
import org.mviot.edge.cloud.mqtt.internal.queue.Priority;
import org.mviot.edge.cloud.mqtt.internal.queue.RecordQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes twin updates into the persistent queue and sends the queue up, in order, QoS 1.
 *
 * <p>One thread reads the queue from the first undelivered record, a chunk at a time; the
 * {@link Batcher} turns a chunk into messages, the {@link DeliveryWindow} bounds what is in flight
 * and moves the queue's cursor once a chunk is wholly acknowledged, the {@link Transport} publishes.
 * After a reconnect, reading starts again at the cursor: at-least-once, with per-thing sequence
 * numbers in the headers for de-duplication. A record that cannot be sent is skipped and counted
 * ({@link #skipped()}); nothing a record holds stops the thread.
 */
public final class Uplink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    private static final int READ_CHUNK = 512;

    private final RecordQueue log;
    private final Transport transport;
    private final Batcher batcher;
    private final DeliveryWindow window;
    private final SkippedRecords skipped = new SkippedRecords(System::nanoTime);
    private final Map<ThingId, TwinUpdate.Definition> definitions = new ConcurrentHashMap<>();
    private final LongAdder publishes = new LongAdder();
    private final LongAdder updatesSent = new LongAdder();
    private final LongAdder changesSent = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param log                    the queue
     * @param transport              where to publish
     * @param topics                 topic scheme
     * @param batchMaxChanges        most changes per publish
     * @param maxInflight            most unacknowledged publishes
     * @param telemetryExpirySeconds message expiry of telemetry, 0 for none
     */
    public Uplink(RecordQueue log, Transport transport, Topics topics, int batchMaxChanges, int maxInflight,
                  long telemetryExpirySeconds) {
        this.log = log;
        this.transport = transport;
        this.batcher = new Batcher(topics, batchMaxChanges, telemetryExpirySeconds, d -> definitions.putIfAbsent(d.thing(), d), skipped);
        this.window = new DeliveryWindow(maxInflight, log::cursor, log::release);
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
     * @throws org.mviot.edge.cloud.mqtt.internal.codec.UnencodableUpdateException if the record format cannot hold it
     */
    public boolean offer(TwinUpdate update) throws IOException {
        byte[] record = BinaryFormat.encode(update);
        if (update instanceof TwinUpdate.Definition d) {
            definitions.put(d.thing(), d);
        }
        long offset = log.append(record, priority(update));
        if (offset < 0) {
            return false;
        }
        window.appended();
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
        window.appended();
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
        window.appended();
        return true;
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
        window.connected(receiveMaximum);
    }

    /** The connection is gone: whatever was not acknowledged is sent again after the next connect. */
    public void disconnected() {
        window.disconnected();
    }

    private void run() {
        while (running) {
            try {
                if (!step()) {
                    window.idle();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException | StackOverflowError e) {
                LOG.error("cloud uplink cannot read the queue; retrying in 1 s", e);
                try {
                    window.backOff();
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Reads and sends one chunk; false when there was nothing to send. */
    private boolean step() throws IOException, InterruptedException {
        DeliveryWindow.ReadStart start = window.awaitRoom();
        if (start == null) {
            return false;
        }
        List<Entry> entries = log.read(start.from(), READ_CHUNK);
        if (entries.isEmpty()) {
            return false;
        }
        DeliveryWindow.Chunk chunk = window.begin(start, entries.get(entries.size() - 1).offset() + 1);
        if (chunk == null) {
            return true;
        }
        if (!batcher.batch(entries, m -> send(chunk, m))) {
            return true;
        }
        window.seal(chunk);
        return true;
    }

    /** Publishes one message of a chunk, waiting for room in the window; false if the connection went away. */
    private boolean send(DeliveryWindow.Chunk chunk, Batcher.Message m) throws InterruptedException {
        if (!window.acquire(chunk)) {
            return false;
        }
        Transport.Outcome outcome = new Transport.Outcome() {
            @Override
            public void acknowledged(int reasonCode) {
                if (reasonCode >= 0x80) {
                    LOG.warn("broker refused a publish with reason code 0x{}; the update is not sent again", Integer.toHexString(reasonCode));
                }
                updatesSent.add(m.updates());
                changesSent.add(m.changes());
                window.acknowledged(chunk);
            }

            @Override
            public void failed(Throwable e) {
                // the connection is going down; the record is sent again after the reconnect
                LOG.debug("publish failed: {}", e.toString());
            }
        };
        if (!transport.publish(m.topic(), DittoCodec.bytes(m.json()), m.expirySeconds(), m.correlation(), outcome)) {
            window.refused(chunk);
            return false;
        }
        publishes.increment();
        return true;
    }

    /** @return counts for the gateway twin, logs and benchmarks */
    public Counts counts() {
        return new Counts(publishes.sum(), updatesSent.sum(), changesSent.sum(), window.inflight(), window.isConnected(), skipped.count());
    }

    /** @return the last reason a record was skipped, or empty */
    public String lastSkipped() {
        return skipped.lastReason();
    }

    /**
     * Counters.
     *
     * @param publishes   messages published
     * @param updates     twin updates acknowledged by the broker
     * @param changes     property changes acknowledged by the broker
     * @param inflight    publishes awaiting their PUBACK
     * @param connected   whether a connection is up
     * @param skipped     queue records skipped because they could not be decoded or sent
     */
    public record Counts(long publishes, long updates, long changes, int inflight, boolean connected, long skipped) {
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        window.stop();
        thread.join(5_000);
    }
}
