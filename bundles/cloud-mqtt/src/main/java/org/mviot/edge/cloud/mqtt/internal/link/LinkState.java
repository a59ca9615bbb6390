package org.mviot.edge.cloud.mqtt.internal.link;

/** Where the link to the cloud broker stands. */
public enum LinkState {
    /** No broker is provisioned: nothing is tried; updates wait in the queue. */
    IDLE,
    /** A connection attempt is under way. */
    CONNECTING,
    /** Connected: updates flow and commands arrive. */
    CONNECTED,
    /** The last attempt failed or the connection dropped; the next attempt is scheduled. */
    WAITING,
    /** The link was stopped. */
    STOPPED
}
