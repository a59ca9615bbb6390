package org.mviot.edge.cloud.mqtt.internal.link;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec;

/**
 * Shows the cloud link's state in the gateway's own twin (issue 5, item 1): feature
 * {@value #FEATURE} of the gateway thing (the core's gateway twin, {@code <thing.namespace>:<gateway id>})
 * with {@code state} ({@code connected}, {@code connecting} or {@code offline}), {@code broker},
 * {@code since}, {@code backlog}, {@code lastError} and the queue's health under {@code queue}:
 * {@code status} ({@code ok}, {@code device-full}, {@code write-failed}, {@code read-only},
 * {@code memory-only}), {@code lostRecords} (lost to damage in the queue's files, at most),
 * {@code skippedRecords} (stored, but undecodable: skipped), {@code quarantinedFiles} and
 * {@code problem} (the latest, in words).
 *
 * <p>The link is the publisher, so a report is a Ditto merge made by the same codec and put into
 * the link's own queue, like any update: it reaches the cloud in order with the data around it, and
 * a report made during an outage arrives after the reconnect as what it was then. A report is made
 * on every change of the (coarse) state and, at each {@link #tick()}, when the backlog or the
 * queue's health changed since the last report. Reports carry no {@code sequence} header: the core numbers the gateway
 * thing's updates, and a second counter for the same thing would defeat the cloud's de-duplication.
 */
public final class LinkReport {

    /** The gateway twin's feature that shows the link. */
    public static final String FEATURE = "cloudLink";

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
     */
    public record QueueHealth(String status, long lostRecords, long skippedRecords, int quarantinedFiles, String problem) {
        /** The health of a queue that has seen nothing wrong. */
        public static final QueueHealth OK = new QueueHealth("ok", 0, 0, 0, "");

        Map<String, Object> twin() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status);
            m.put("lostRecords", lostRecords);
            m.put("skippedRecords", skippedRecords);
            m.put("quarantinedFiles", (long) quarantinedFiles);
            m.put("problem", problem);
            return m;
        }
    }

    private final ThingId gateway;
    private final String topic;
    private final Sink sink;
    private final LongSupplier backlog;
    private final Supplier<Instant> clock;
    private final Supplier<QueueHealth> health;
    private QueueHealth reportedHealth;
    private String state;
    private String broker = "";
    private Instant since;
    private String lastError = "";
    private long reportedBacklog = -1;
    private long count;

    /**
     * @param gateway the gateway's twin
     * @param topic   the gateway twin's uplink topic
     * @param sink    the queue
     * @param backlog updates not yet delivered
     * @param clock   the time
     */
    public LinkReport(ThingId gateway, String topic, Sink sink, LongSupplier backlog, Supplier<Instant> clock) {
        this(gateway, topic, sink, backlog, () -> QueueHealth.OK, clock);
    }

    /**
     * @param gateway the gateway's twin
     * @param topic   the gateway twin's uplink topic
     * @param sink    the queue
     * @param backlog updates not yet delivered
     * @param health  the queue's health
     * @param clock   the time
     */
    public LinkReport(ThingId gateway, String topic, Sink sink, LongSupplier backlog, Supplier<QueueHealth> health,
                      Supplier<Instant> clock) {
        this.health = health;
        this.gateway = gateway;
        this.topic = topic;
        this.sink = sink;
        this.backlog = backlog;
        this.clock = clock;
    }

    /**
     * @param s the link's state
     * @return how the twin says it
     */
    static String twinState(LinkState s) {
        return switch (s) {
            case CONNECTED -> "connected";
            // between attempts the link is still trying: the reason is in lastError
            case CONNECTING, WAITING -> "connecting";
            case IDLE, STOPPED -> "offline";
        };
    }

    /**
     * The link's state changed; reports when the twin's state changes.
     *
     * @param s       the new state
     * @param broker  the connected broker, or {@code null}
     * @param failure why the link is not connected, or {@code null}
     */
    public synchronized void stateChanged(LinkState s, String broker, String failure) {
        if (failure != null && !failure.isEmpty()) {
            lastError = failure;
        }
        if (broker != null) {
            this.broker = broker;
        }
        String next = twinState(s);
        if (next.equals(state)) {
            return;
        }
        state = next;
        since = clock.get();
        report();
    }

    /** Reports the backlog if it changed since the last report. */
    public synchronized void tick() {
        if (state != null && (backlog.getAsLong() != reportedBacklog || !health.get().equals(reportedHealth))) {
            report();
        }
    }

    private void report() {
        reportedBacklog = backlog.getAsLong();
        reportedHealth = health.get();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("state", state);
        p.put("broker", broker);
        p.put("since", since.toString());
        p.put("backlog", reportedBacklog);
        p.put("lastError", lastError);
        p.put("queue", reportedHealth.twin());
        String json = DittoCodec.merge(gateway, "/features/" + FEATURE + "/properties", p,
                gateway + "#" + FEATURE.toLowerCase(Locale.ROOT) + "-" + ++count);
        sink.offer(topic, json);
    }
}
