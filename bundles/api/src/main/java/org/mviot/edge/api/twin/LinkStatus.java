package org.mviot.edge.api.twin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The state of the gateway's link to the cloud, as its one twin feature
 * {@value GatewayIdentity#LINK_FEATURE} shows it. The core reports it from the
 * {@link TwinPublisher#linkStatus() publisher}; the cloud link's birth message (state
 * {@code connected}) and last will (state {@code offline}) write the same properties.
 *
 * @param state     connected, connecting (or waiting to retry) or offline
 * @param broker    the broker connected to or last tried, empty when none
 * @param since     when the link entered the state
 * @param backlog   updates queued on the gateway and not yet delivered
 * @param dropped   updates the queue dropped since it was created (full, or too old)
 * @param lastError why the link last failed, empty when it never did
 * @param backlogBytes about how many bytes the backlog takes in the queue; 0 when nothing waits
 *                  (since 1.1; shown by {@code mviot-edge status}, not in the twin: it changes with every update)
 * @param oldestQueued when the oldest update not yet delivered was taken (at the latest), or
 *                  {@code null} when nothing waits or the publisher does not know (since 1.1; shown by
 *                  {@code mviot-edge status}, not in the twin)
 */
public record LinkStatus(State state, String broker, Instant since, long backlog, long dropped, String lastError, long backlogBytes,
                         Instant oldestQueued) {

    /** The coarse states of the link. */
    public enum State {
        /** Connected: updates flow. */
        CONNECTED,
        /** Trying to connect, or waiting to retry: {@code lastError} says why it is not connected. */
        CONNECTING,
        /** Not trying: no broker is configured, the link is stopped, or the gateway is gone (last will). */
        OFFLINE;

        /**
         * @return the state as the twin writes it ({@code connected}, {@code connecting}, {@code offline})
         */
        public String twinName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks the fields.
     *
     * @param state     state
     * @param broker    broker
     * @param since     since
     * @param backlog   backlog
     * @param dropped   dropped
     * @param lastError last error
     * @param backlogBytes bytes of the backlog, about
     * @param oldestQueued when the oldest waiting update was taken, or {@code null}
     */
    public LinkStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        broker = broker == null ? "" : broker;
        lastError = lastError == null ? "" : lastError;
    }

    /**
     * A status without the queue's bytes and age (as in 1.0).
     *
     * @param state     state
     * @param broker    broker
     * @param since     since
     * @param backlog   backlog
     * @param dropped   dropped
     * @param lastError last error
     */
    public LinkStatus(State state, String broker, Instant since, long backlog, long dropped, String lastError) {
        this(state, broker, since, backlog, dropped, lastError, 0, null);
    }

    /**
     * @return the feature's properties: {@code state}, {@code broker}, {@code since} (ISO-8601),
     *         {@code backlog}, {@code dropped} and {@code lastError}, in that order
     */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("state", state.twinName());
        p.put("broker", broker);
        p.put("since", since.toString());
        p.put("backlog", backlog);
        p.put("dropped", dropped);
        p.put("lastError", lastError);
        return p;
    }
}
