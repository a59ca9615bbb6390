package org.mviot.edge.cloud.mqtt.internal.seal;

import java.io.IOException;

/**
 * The queue key cannot be had: its file is missing while sealed records are stored, unreadable,
 * or not a key. The queue's files are left as they are.
 */
public final class KeyUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file */
    public KeyUnavailableException(String message) {
        super(message);
    }
}
