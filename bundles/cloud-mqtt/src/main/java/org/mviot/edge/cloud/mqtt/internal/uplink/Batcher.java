package org.mviot.edge.cloud.mqtt.internal.uplink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec;
import org.mviot.edge.cloud.mqtt.internal.link.Topics;
import org.mviot.edge.cloud.mqtt.internal.queue.Entry;

/**
 * Turns records read together into the messages that carry them: consecutive change updates of
 * one thing become one Ditto merge (up to {@code batchMaxChanges} changes), so batching happens
 * exactly when a backlog exists; a definition is sent alone and ends its thing's batch, keeping
 * order per thing; a pending response goes as it is. A record that cannot be decoded, or a batch
 * that cannot be made into JSON, is skipped ({@link SkippedRecords}) and the rest goes on.
 */
final class Batcher {

    /**
     * One message to publish.
     *
     * @param topic         topic
     * @param json          the Ditto message
     * @param updates       twin updates it carries
     * @param changes       property changes it carries
     * @param expirySeconds message expiry, 0 for none
     * @param correlation   MQTT v5 correlation data, or {@code null}
     */
    record Message(String topic, String json, int updates, int changes, long expirySeconds, byte[] correlation) {
    }

    /** Where messages go, in order. */
    interface Sink {
        /**
         * @param m a message
         * @return false to stop (the connection went away)
         * @throws InterruptedException if interrupted while waiting for room
         */
        boolean send(Message m) throws InterruptedException;
    }

    private final Topics topics;
    private final int batchMaxChanges;
    private final long telemetryExpirySeconds;
    private final Consumer<TwinUpdate.Definition> definitionSeen;
    private final SkippedRecords skipped;

    Batcher(Topics topics, int batchMaxChanges, long telemetryExpirySeconds, Consumer<TwinUpdate.Definition> definitionSeen,
            SkippedRecords skipped) {
        this.topics = topics;
        this.batchMaxChanges = batchMaxChanges;
        this.telemetryExpirySeconds = telemetryExpirySeconds;
        this.definitionSeen = definitionSeen;
        this.skipped = skipped;
    }

    /** A thing's open batch: its updates and the offset of the first, for a skip report. */
    private static final class Batch {
        final List<TwinUpdate.Changes> updates = new ArrayList<>();
        long firstOffset = -1;
        int changes;
    }

    /**
     * @param entries records in offset order
     * @param sink    where the messages go
     * @return false if the sink stopped
     * @throws InterruptedException if interrupted
     */
    boolean batch(List<Entry> entries, Sink sink) throws InterruptedException {
        Map<ThingId, Batch> batches = new LinkedHashMap<>();
        for (Entry e : entries) {
            Object item;
            try {
                item = BinaryFormat.decode(e.payload());
            } catch (RuntimeException | StackOverflowError ex) {
                skipped.skipped(e.offset(), ex.getMessage() == null ? ex.toString() : ex.getMessage());
                continue;
            }
            if (item instanceof TwinUpdate.Changes c) {
                Batch b = batches.computeIfAbsent(c.thing(), t -> new Batch());
                if (b.firstOffset < 0) {
                    b.firstOffset = e.offset();
                }
                b.updates.add(c);
                b.changes += c.changes().size();
                if (b.changes >= batchMaxChanges) {
                    batches.remove(c.thing());
                    if (!flush(c.thing(), b, sink)) {
                        return false;
                    }
                }
            } else if (item instanceof TwinUpdate.Definition d) {
                Batch b = batches.remove(d.thing());
                if (b != null && !flush(d.thing(), b, sink)) {
                    return false;
                }
                definitionSeen.accept(d);
                String json = json(e.offset(), () -> DittoCodec.definition(d));
                if (json != null && !sink.send(new Message(topics.twin(d.thing()), json, 1, 0, 0, null))) {
                    return false;
                }
            } else if (item instanceof BinaryFormat.PendingResponse r) {
                if (!sink.send(new Message(r.topic(), r.json(), 0, 0, 0, r.correlationData()))) {
                    return false;
                }
            }
        }
        for (Map.Entry<ThingId, Batch> b : batches.entrySet()) {
            if (!flush(b.getKey(), b.getValue(), sink)) {
                return false;
            }
        }
        return true;
    }

    private boolean flush(ThingId thing, Batch b, Sink sink) throws InterruptedException {
        String json = json(b.firstOffset, () -> DittoCodec.changes(b.updates));
        if (json == null) {
            return true;
        }
        return sink.send(new Message(topics.twin(thing), json, b.updates.size(), b.changes, telemetryExpirySeconds, null));
    }

    /** Makes a message's JSON; null (and counted) if it cannot be made. */
    private String json(long offset, java.util.function.Supplier<String> make) {
        try {
            return make.get();
        } catch (RuntimeException | StackOverflowError ex) {
            skipped.skipped(offset, "no Ditto message can be made of it: " + ex);
            return null;
        }
    }
}
