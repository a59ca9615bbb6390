package org.mviot.edge.cloud.mqtt.internal.uplink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>A record is appended to the queue before it is published. When the uplink is caught up
 * (connected, room in the window, every earlier record already sent) the appending thread publishes
 * it itself, right after the append ({@link DeliveryWindow#claim}): waking the uplink's thread for it
 * would cost a thread hand-off per message, the largest part of the latency on a busy core.
 * Otherwise one thread reads the queue from the first undelivered record, a chunk at a time; the
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
    /** Held by whoever publishes (the reader for a chunk, an appending thread for its record): messages leave in queue order. */
    private final ReentrantLock sending = new ReentrantLock();
    private final LongAdder sentOnAppend = new LongAdder();
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
        Priority priority = priority(update);
        long offset = log.append(record, priority);
        if (offset < 0) {
            return false;
        }
        sendOrWake(new Entry(offset, priority, record));
        return true;
    }

    /**
     * Appends a command response that could not be sent at once.
     *
     * @param response the response
     * @throws IOException if the disk fails
     */
    public void offer(BinaryFormat.PendingResponse response) throws IOException {
        byte[] record = BinaryFormat.encode(response);
        long offset = log.append(record, Priority.KEEP);
        if (offset < 0) {
            window.appended(); // as before: the reader looks (a full queue refuses only telemetry)
            return;
        }
        sendOrWake(new Entry(offset, Priority.KEEP, record));
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
        byte[] record = BinaryFormat.encode(new BinaryFormat.PendingResponse(topic, new byte[0], json));
        long offset = log.append(record, Priority.TELEMETRY);
        if (offset < 0) {
            return false;
        }
        sendOrWake(new Entry(offset, Priority.TELEMETRY, record));
        return true;
    }

    /**
     * A record was appended (it is in the queue): publish it on this thread if the uplink is caught up
     * and nobody else is publishing, else wake the reader, which sends it in its turn.
     */
    private void sendOrWake(Entry appended) {
        if (!sendNow(appended)) {
            window.appended();
        }
    }

    /** @return whether the record was taken for sending here (sent, or given back to the reader by a restart) */
    private boolean sendNow(Entry appended) {
        if (!sending.tryLock()) {
            return false;
        }
        try {
            DeliveryWindow.Chunk chunk = window.claim(appended.offset());
            if (chunk == null) {
                return false;
            }
            try {
                if (batcher.batch(List.of(appended), m -> send(chunk, m))) {
                    window.seal(chunk);
                }
                sentOnAppend.increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                window.abandoned(chunk);
            } catch (RuntimeException | StackOverflowError e) {
                // the record is in the queue: the reader sends it again from the cursor
                LOG.error("cloud uplink could not publish record {} on the appending thread; resending from the queue", appended.offset(), e);
                window.abandoned(chunk);
            }
            return true;
        } finally {
            sending.unlock();
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
        if (window.awaitRoom() == null) {
            return false;
        }
        sending.lock();
        try {
            // taken under the lock: an appending thread may have sent records since awaitRoom
            DeliveryWindow.ReadStart start = window.readStart();
            if (start == null) {
                return true; // disconnected or full meanwhile: wait again
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
        } finally {
            sending.unlock();
        }
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
        return new Counts(publishes.sum(), updatesSent.sum(), changesSent.sum(), window.inflight(), window.isConnected(), skipped.count(),
                sentOnAppend.sum());
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
     * @param sentOnAppend records published by the thread that appended them (the uplink was caught up), not by the reader
     */
    public record Counts(long publishes, long updates, long changes, int inflight, boolean connected, long skipped, long sentOnAppend) {
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        window.stop();
        thread.join(5_000);
    }
}
