package org.mviot.edge.cloud.mqtt.internal.queue;

/** What the queue may do with a record when it is full. */
public enum Priority {
    /** Telemetry: the oldest goes first when the queue is full. */
    TELEMETRY,
    /** Alarms, twin definitions and command responses: never dropped. */
    KEEP
}
