package org.mviot.edge.console.web.internal.events;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser's event stream: a queue of ready-to-send events between the feed (which never waits) and the request
 * thread that writes them. The feed queues a tick's changes as one piece, so that the writer wakes, writes and flushes
 * once per tick and not once per event (bundles/web-console/bench/console.py). A client that falls {@value #CAPACITY}
 * events behind is dropped, not waited for.
 */
public final class SseClient {

    /** Events a client may fall behind before it is dropped. */
    public static final int CAPACITY = 512;

    private record Piece(String text, int events) {
    }

    private final String device;
    private final BlockingQueue<Piece> queue = new LinkedBlockingQueue<>();
    /** Events queued and not yet taken: the bound (the queue holds pieces of several events). */
    private final AtomicInteger pending = new AtomicInteger();
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

    /** @return whether it watches every device */
    boolean watchesAll() {
        return device == null;
    }

    /**
     * @param name event name
     * @param json event data
     * @return the event's text on the stream
     */
    static String text(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    /**
     * Queues an event without waiting; falling {@value #CAPACITY} events behind drops the client.
     *
     * @param name event name
     * @param json event data
     */
    public void offer(String name, String json) {
        offer(text(name, json), 1);
    }

    /**
     * Queues several events' text as one piece without waiting; falling {@value #CAPACITY} events behind drops the
     * client.
     *
     * @param text   the events' text, each as {@link #text} makes it
     * @param events how many events it holds
     */
    void offer(String text, int events) {
        if (dropped) {
            return;
        }
        if (pending.addAndGet(events) > CAPACITY) {
            dropped = true;
            queue.clear();
            return;
        }
        queue.add(new Piece(text, events));
    }

    /**
     * Waits for the next events and takes every further piece already queued with them, to be written as one piece:
     * one TLS record and one flush.
     *
     * @param timeoutMillis how long to wait for the first
     * @return the events' text, or {@code null} when none came in time
     * @throws InterruptedException if interrupted
     */
    public String next(long timeoutMillis) throws InterruptedException {
        Piece first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        int taken = first.events();
        Piece more = queue.poll();
        String text;
        if (more == null) {
            text = first.text();
        } else {
            StringBuilder batch = new StringBuilder(first.text());
            for (; more != null; more = queue.poll()) {
                batch.append(more.text());
                taken += more.events();
            }
            text = batch.toString();
        }
        pending.addAndGet(-taken);
        return text;
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
