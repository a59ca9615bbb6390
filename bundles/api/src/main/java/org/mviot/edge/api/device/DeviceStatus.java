package org.mviot.edge.api.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A device's working status, always with a reason a person can act on and the time it began.
 *
 * @param state  the state
 * @param reason why, in words (e.g. {@code driver not installed}, {@code read timed out after 2000 ms})
 * @param since  when the device entered this state
 */
public record DeviceStatus(State state, String reason, Instant since) {

    /** The working states of a device. */
    public enum State {
        /** Reachable and delivering values. */
        ONLINE,
        /** Not reachable, or its driver is not installed. */
        OFFLINE,
        /** Reachable but some reads fail or time out. */
        DEGRADED,
        /** Its descriptor or settings are wrong; nothing is tried until they are fixed. */
        MISCONFIGURED
    }

    /**
     * Checks the fields.
     *
     * @param state  state
     * @param reason reason
     * @param since  start time
     */
    public DeviceStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
    }

    /**
     * @param state  state
     * @param reason reason
     * @return a status that begins now
     */
    public static DeviceStatus now(State state, String reason) {
        return new DeviceStatus(state, reason, Instant.now());
    }

    /**
     * @param other another status
     * @return whether state and reason are the same (the time is not compared)
     */
    public boolean sameAs(DeviceStatus other) {
        return other != null && state == other.state && reason.equals(other.reason);
    }
}
