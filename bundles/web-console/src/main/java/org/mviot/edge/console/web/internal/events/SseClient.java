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
     * @param timeoutMillis how long to wait
     * @return the next event's text, or {@code null} when none came in time
     * @throws InterruptedException if interrupted
     */
    public String next(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
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
