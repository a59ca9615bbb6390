package org.mviot.edge.console.web.internal.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser's event stream: a queue of ready-to-send events, already encoded, between the feed (which never waits)
 * and the request thread that writes them. The feed encodes a tick's changes once and queues the same bytes to every
 * client that watches all devices, so that 20 viewers cost 20 writes of one array and not 20 encodings
 * (bundles/web-console/bench/console.py); the writer takes every piece queued at once and flushes once. A client that
 * falls {@value #CAPACITY} changes behind (a {@code state} event, or one channel's value in a {@code values} event) is
 * dropped, not waited for.
 */
public final class SseClient {

    /** Changes (state events, channel values) a client may fall behind before it is dropped. */
    public static final int CAPACITY = 512;

    /** Encoded events shared by the clients they were queued to: never changed once queued. */
    private record Piece(byte[] bytes, int events) {
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

    /** @return the one device it watches, or {@code null} for all */
    String device() {
        return device;
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
        offer(text(name, json).getBytes(StandardCharsets.UTF_8), 1);
    }

    /**
     * Queues several events as one piece without waiting; falling {@value #CAPACITY} events behind drops the client.
     *
     * @param bytes  the events' text in UTF-8, each as {@link #text} makes it; shared with other clients, so never
     *               changed afterwards
     * @param events how many changes it holds (a state event: one; a values event: one per channel)
     */
    void offer(byte[] bytes, int events) {
        if (dropped) {
            return;
        }
        if (pending.addAndGet(events) > CAPACITY) {
            dropped = true;
            queue.clear();
            return;
        }
        queue.add(new Piece(bytes, events));
    }

    /**
     * Waits for the next events and takes every further piece already queued with them, to be written together and
     * flushed once: one TLS record, one wake-up.
     *
     * @param timeoutMillis how long to wait for the first
     * @param into          receives the pieces' bytes in order (cleared first; the caller's, reused from call to call)
     * @return whether any came in time
     * @throws InterruptedException if interrupted
     */
    public boolean next(long timeoutMillis, List<byte[]> into) throws InterruptedException {
        into.clear();
        Piece first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        int taken = 0;
        for (Piece p = first; p != null; p = queue.poll()) {
            into.add(p.bytes());
            taken += p.events();
        }
        pending.addAndGet(-taken);
        return true;
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
