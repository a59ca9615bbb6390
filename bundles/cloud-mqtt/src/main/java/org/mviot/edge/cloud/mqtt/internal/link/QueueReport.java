package org.mviot.edge.cloud.mqtt.internal.link;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec;

/**
 * Shows the store-and-forward queue's health in the gateway's own twin: feature {@value #FEATURE}
 * of the gateway thing ({@code GatewayIdentity.thing()}) with {@code status} ({@code ok},
 * {@code device-full}, {@code write-failed}, {@code read-only}, {@code memory-only}),
 * {@code backlog} (updates not yet delivered), {@code lostRecords} (lost to damage in the queue's
 * files, at most), {@code skippedRecords} (stored, but undecodable: skipped),
 * {@code quarantinedFiles}, {@code problem} (the latest, in words), {@code tamperedRecords} (sealed
 * records that did not open: skipped) and {@code sealing} (the cipher of new records, or {@code off}).
 *
 * <p>The link's own state (connected, connecting, offline) is not here: it is the twin's one
 * {@code link} feature, which the core reports from {@code TwinPublisher.linkStatus()}.
 *
 * <p>The link is the publisher, so a report is a Ditto merge made by the same codec and put into
 * the link's own queue, like any update: it reaches the cloud in order with the data around it, and
 * a report made during an outage arrives after the reconnect as what it was then. A report is made
 * at the first {@link #tick()} and at every later tick when the backlog or the health changed.
 * Reports carry no {@code sequence} header: the core numbers the gateway thing's updates, and a
 * second counter for the same thing would defeat the cloud's de-duplication.
 */
public final class QueueReport {

    /** The gateway twin's feature that shows the queue. */
    public static final String FEATURE = "queue";

    /** Where a report goes: the queue. */
    public interface Sink {
        /**
         * @param topic MQTT topic
         * @param json  the Ditto merge
         */
        void offer(String topic, String json);
    }

    /**
     * The queue's health as the twin shows it.
     *
     * @param status           {@code ok}, {@code device-full}, {@code write-failed}, {@code read-only} or {@code memory-only}
     * @param lostRecords      records lost to damage in the queue's files (at most)
     * @param skippedRecords   stored records that could not be decoded or sent, skipped
     * @param quarantinedFiles files of the queue directory moved to quarantine
     * @param problem          the latest problem, or empty
     * @param tamperedRecords  sealed records that did not open (changed, moved, another key): skipped
     * @param sealing          the cipher new records are sealed with, or {@code off}
     */
    public record QueueHealth(String status, long lostRecords, long skippedRecords, int quarantinedFiles, String problem,
                              long tamperedRecords, String sealing) {
        /** The health of a queue that has seen nothing wrong. */
        public static final QueueHealth OK = new QueueHealth("ok", 0, 0, 0, "", 0, "off");

        /**
         * Health without sealing.
         *
         * @param status           status
         * @param lostRecords      lost
         * @param skippedRecords   skipped
         * @param quarantinedFiles quarantined
         * @param problem          problem
         */
        public QueueHealth(String status, long lostRecords, long skippedRecords, int quarantinedFiles, String problem) {
            this(status, lostRecords, skippedRecords, quarantinedFiles, problem, 0, "off");
        }
    }

    private final ThingId gateway;
    private final String topic;
    private final Sink sink;
    private final LongSupplier backlog;
    private final Supplier<QueueHealth> health;
    private long reportedBacklog = -1;
    private QueueHealth reportedHealth;
    private long count;

    /**
     * @param gateway the gateway's twin
     * @param topic   the gateway twin's uplink topic
     * @param sink    the queue
     * @param backlog updates not yet delivered
     * @param health  the queue's health
     */
    public QueueReport(ThingId gateway, String topic, Sink sink, LongSupplier backlog, Supplier<QueueHealth> health) {
        this.gateway = gateway;
        this.topic = topic;
        this.sink = sink;
        this.backlog = backlog;
        this.health = health;
    }

    /** Reports the queue when its backlog or health changed since the last report (or never was reported). */
    public synchronized void tick() {
        long b = backlog.getAsLong();
        QueueHealth h = health.get();
        if (b == reportedBacklog && h.equals(reportedHealth)) {
            return;
        }
        reportedBacklog = b;
        reportedHealth = h;
        sink.offer(topic, DittoCodec.merge(gateway, "/features/" + FEATURE + "/properties", properties(b, h),
                gateway + "#" + FEATURE.toLowerCase(Locale.ROOT) + "-" + ++count));
    }

    /**
     * @param backlog updates not yet delivered
     * @param h       the health
     * @return the feature's properties
     */
    static Map<String, Object> properties(long backlog, QueueHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.status());
        m.put("backlog", backlog);
        m.put("lostRecords", h.lostRecords());
        m.put("skippedRecords", h.skippedRecords());
        m.put("quarantinedFiles", (long) h.quarantinedFiles());
        m.put("problem", h.problem());
        m.put("tamperedRecords", h.tamperedRecords());
        m.put("sealing", h.sealing());
        return m;
    }
}
