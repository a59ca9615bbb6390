package org.mviot.edge.console.web.internal.events;

import java.util.concurrent.Semaphore;

import org.mviot.edge.console.web.internal.http.ApiException;

/**
 * Bounds the open event streams (values and logs together): each holds a request thread of the server's small pool
 * for as long as it is open, so more than {@value #MAX} would starve the other requests.
 */
public final class StreamSlots {

    /** Streams open at most. */
    public static final int MAX = 32;
    private final Semaphore slots = new Semaphore(MAX);

    /**
     * Takes a slot.
     *
     * @throws ApiException 503 when all are taken
     */
    public void take() {
        if (!slots.tryAcquire()) {
            throw new ApiException(503, "too many open event streams (" + MAX + "): close a console tab and retry");
        }
    }

    /** Gives a slot back. */
    public void give() {
        slots.release();
    }
}
