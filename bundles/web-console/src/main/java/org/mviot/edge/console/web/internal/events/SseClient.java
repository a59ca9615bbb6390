package org.mviot.edge.console.web.internal.events;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One browser's event stream: a bounded queue of ready-to-send events between the feed (which never waits) and the
 * request thread that writes them. A client that falls {@value #CAPACITY} events behind is dropped, not waited for.
 */
public final class SseClient {

    /** Events a client may fall behind before it is dropped. */
    public static final int CAPACITY = 512;

    private final String device;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean dropped;

    /** @param device the one device it watches, or {@code null} for all */
    public SseClient(String device) {
        this.device = device;
    }

    /**
     * @param deviceId a device an event is about
     * @return whether this client wants it
     */
    boolean wants(String deviceId) {
        return device == null || device.equals(deviceId);
    }

    /**
     * Queues an event without waiting; a full queue drops the client.
     *
     * @param name event name
     * @param json event data
     */
    public void offer(String name, String json) {
        if (!dropped && !queue.offer("event: " + name + "\ndata: " + json + "\n\n")) {
            dropped = true;
        }
    }

    /**
     * Waits for the next event and takes every further one already queued with it: the feed queues a tick's changes
     * at once, and writing them as one piece costs one TLS record and one flush instead of one per event (with 100
     * channels changing that is 4 writes a second per stream instead of 400; bundles/web-console/bench/console.py).
     *
     * @param timeoutMillis how long to wait for the first
     * @return the events' text, or {@code null} when none came in time
     * @throws InterruptedException if interrupted
     */
    public String next(long timeoutMillis) throws InterruptedException {
        String first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        String more = queue.poll();
        if (more == null) {
            return first;
        }
        StringBuilder batch = new StringBuilder(first).append(more);
        for (String e = queue.poll(); e != null; e = queue.poll()) {
            batch.append(e);
        }
        return batch.toString();
    }

    /** Ends the stream (the console is stopping). */
    void drop() {
        dropped = true;
    }

    /** @return whether the feed dropped it for falling behind */
    public boolean dropped() {
        return dropped;
    }
}
