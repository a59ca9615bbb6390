package org.mviot.edge.api.serial;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives bytes that arrive on a port outside exchanges, and the port's comings and goings.
 * Implementations return quickly and never throw; they are called from the serial bundle's shared
 * reader thread.
 */
@ConsumerType
public interface SerialListener {

    /**
     * Bytes arrived.
     *
     * @param data the bytes, owned by the listener
     */
    void onData(byte[] data);

    /**
     * The port went away or came back.
     *
     * @param open   whether the port is open now
     * @param reason why, in words
     */
    default void onPortState(boolean open, String reason) {
    }
}
