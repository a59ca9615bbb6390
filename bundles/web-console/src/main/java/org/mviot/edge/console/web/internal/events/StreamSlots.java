package org.mviot.edge.console.web.internal.events;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.mviot.edge.console.web.internal.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Runs the open event streams (values and logs together, at most {@value #MAX}), each on a thread of its own for as
 * long as it is open: the request goes asynchronous ({@link HttpServletRequest#startAsync()}) and its server thread
 * returns to the server's pool at once. So the server's pool stays as small as a few people's page loads need (the
 * launcher's {@code ConsoleServer} sizes it), instead of one pool thread held per open stream, and a gateway whose
 * console nobody watches runs no stream thread at all.
 */
public final class StreamSlots implements AutoCloseable {

    /** Streams open at most. */
    public static final int MAX = 32;
    private static final Logger LOG = LoggerFactory.getLogger(StreamSlots.class);

    /** A stream's work on its thread: returns when the stream ends. */
    @FunctionalInterface
    public interface Body {
        /**
         * @throws IOException          the client is gone
         * @throws InterruptedException the console is stopping
         */
        void run() throws IOException, InterruptedException;
    }

    private final Semaphore slots = new Semaphore(MAX);
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Takes a slot and runs {@code body} on a new thread with the request gone asynchronous (no time-out); when it
     * returns (or fails), the response is completed and the slot given back.
     *
     * @param req  the stream's request
     * @param name what the thread is named after ({@code events}, {@code logs})
     * @param body writes the stream until it ends
     * @throws ApiException 503 when all slots are taken or the console is stopping
     */
    public void start(HttpServletRequest req, String name, Body body) {
        if (closed || !slots.tryAcquire()) {
            throw new ApiException(503, "too many open event streams (" + MAX + "): close a console tab and retry");
        }
        AsyncContext async;
        try {
            async = req.startAsync();
            async.setTimeout(0);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        Thread t = new Thread(() -> run(async, name, body), "mviot-console-" + name + "-" + started.incrementAndGet());
        t.setDaemon(true);
        running.add(t);
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            running.remove(t);
            slots.release();
            async.complete();
            throw e;
        }
    }

    private void run(AsyncContext async, String name, Body body) {
        try {
            if (!closed) {
                body.run();
            }
        } catch (InterruptedException e) {
            // the console is stopping
        } catch (IOException gone) {
            // the browser closed the stream
        } catch (RuntimeException e) {
            LOG.warn("console {} stream ended: {}", name, e.toString());
        } finally {
            running.remove(Thread.currentThread());
            slots.release();
            try {
                async.complete();
            } catch (IllegalStateException alreadyOver) {
                // the server ended the exchange first (the connection closed)
            }
        }
    }

    /** @return streams open now */
    public int open() {
        return running.size();
    }

    /** Ends every open stream (the console is stopping): their threads are interrupted. */
    @Override
    public void close() {
        closed = true;
        running.forEach(Thread::interrupt);
    }
}
