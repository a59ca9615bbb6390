package org.mviot.edge.cloud.mqtt.internal.codec;

/**
 * A stored queue record whose payload is not a record of any known format (damaged, or written by
 * a newer version): the one outcome of decoding bytes that are not a valid record. The uplink skips
 * it, counts it and goes on with the records behind it.
 */
public final class UndecodableRecordException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason why
     * @param cause  what the reader threw, or {@code null}
     */
    public UndecodableRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
