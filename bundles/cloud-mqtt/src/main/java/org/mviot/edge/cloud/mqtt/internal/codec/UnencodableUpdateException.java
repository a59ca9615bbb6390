package org.mviot.edge.cloud.mqtt.internal.codec;

/**
 * An update or response that the queue's record format cannot hold (a text longer than its length
 * field, too many distinct features, a constant with no wire code): refused at append, never
 * stored. The message names the field and its size, never its content.
 */
public final class UnencodableUpdateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason what does not fit
     */
    public UnencodableUpdateException(String reason) {
        super(reason);
    }
}
