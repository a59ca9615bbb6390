package org.mviot.edge.cloud.mqtt.internal.queue;

/** What the queue may do with a record when it is full. Stored as its fixed {@link #code()}, never its ordinal. */
public enum Priority {
    /** Telemetry: the oldest goes first when the queue is full. */
    TELEMETRY(0),
    /** Alarms, twin definitions and command responses: never dropped. */
    KEEP(1);

    private final byte code;

    Priority(int code) {
        this.code = (byte) code;
    }

    /** @return the byte stored for it in a record */
    public byte code() {
        return code;
    }

    /**
     * @param code a stored code
     * @return its priority, or {@code null} if the code is unknown
     */
    public static Priority of(byte code) {
        return switch (code) {
            case 0 -> TELEMETRY;
            case 1 -> KEEP;
            default -> null;
        };
    }
}
