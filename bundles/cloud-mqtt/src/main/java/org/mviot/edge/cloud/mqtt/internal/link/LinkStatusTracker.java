package org.mviot.edge.cloud.mqtt.internal.link;

import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.mviot.edge.api.twin.LinkStatus;

/**
 * The link's state as the api's {@link LinkStatus} (the gateway twin's one {@code link} feature,
 * which the core reports from {@code TwinPublisher.linkStatus()}): the MQTT link's fine-grained
 * states folded into connected / connecting / offline, with the broker, since when, the last error,
 * and the queue's backlog and drops read when asked.
 */
final class LinkStatusTracker {

    private final LongSupplier backlog;
    private final LongSupplier dropped;
    private final LongSupplier backlogBytes;
    private final Supplier<Instant> oldestQueued;
    private final Supplier<Instant> clock;
    private volatile LinkStatus.State state = LinkStatus.State.OFFLINE;
    private volatile String broker = "";
    private volatile Instant since;
    private volatile String lastError = "";

    /**
     * @param backlog updates queued and not yet delivered
     * @param dropped updates the queue dropped
     * @param clock   the time
     */
    LinkStatusTracker(LongSupplier backlog, LongSupplier dropped, Supplier<Instant> clock) {
        this(backlog, dropped, () -> 0, () -> null, clock);
    }

    /**
     * @param backlog      updates queued and not yet delivered
     * @param dropped      updates the queue dropped
     * @param backlogBytes bytes the backlog takes, about
     * @param oldestQueued when the oldest waiting update was queued, at the latest, or {@code null}
     * @param clock        the time
     */
    LinkStatusTracker(LongSupplier backlog, LongSupplier dropped, LongSupplier backlogBytes, Supplier<Instant> oldestQueued,
            Supplier<Instant> clock) {
        this.backlog = backlog;
        this.dropped = dropped;
        this.backlogBytes = backlogBytes;
        this.oldestQueued = oldestQueued;
        this.clock = clock;
        this.since = clock.get();
    }

    /**
     * @param s the MQTT link's state
     * @return the coarse state the twin shows
     */
    static LinkStatus.State coarse(LinkState s) {
        return switch (s) {
            case CONNECTED -> LinkStatus.State.CONNECTED;
            // between attempts the link is still trying: the reason is in lastError
            case CONNECTING, WAITING -> LinkStatus.State.CONNECTING;
            case IDLE, STOPPED -> LinkStatus.State.OFFLINE;
        };
    }

    /**
     * The link's state changed, or another attempt failed.
     *
     * @param s       the new state
     * @param broker  the connected broker, or {@code null}
     * @param failure why the link is not connected, or {@code null}
     */
    synchronized void stateChanged(LinkState s, String broker, String failure) {
        if (failure != null && !failure.isEmpty()) {
            lastError = failure;
        }
        if (broker != null) {
            this.broker = broker;
        }
        LinkStatus.State next = coarse(s);
        if (next != state) {
            state = next;
            since = clock.get();
        }
    }

    /** @return the status now */
    LinkStatus status() {
        return new LinkStatus(state, broker, since, backlog.getAsLong(), dropped.getAsLong(), lastError, backlogBytes.getAsLong(),
                oldestQueued.get());
    }
}
