package org.mviot.edge.cloud.mqtt.internal.uplink;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * What is in flight: publishes awaiting their PUBACK, at most a window of them (the smaller of
 * {@code max.inflight} and the broker's receive maximum), grouped by the read chunk they came
 * from. The queue's cursor moves past a chunk when every publish made from it was acknowledged and
 * every earlier chunk is done, so a record leaves the disk only once delivered. A connection going
 * away starts a new epoch: what was in flight is forgotten and reading restarts at the cursor
 * (at-least-once).
 */
final class DeliveryWindow {

    /** Publishes made from one read chunk. */
    static final class Chunk {
        final long end;
        final int epoch;
        int outstanding;
        boolean sealed;

        Chunk(long end, int epoch) {
            this.end = end;
            this.epoch = epoch;
        }

        boolean done() {
            return sealed && outstanding == 0;
        }
    }

    /**
     * Where the next read starts.
     *
     * @param epoch the connection epoch it belongs to
     * @param from  first offset to read
     */
    record ReadStart(int epoch, long from) {
    }

    private final int maxInflight;
    private final LongConsumer release;
    private final java.util.function.LongSupplier cursor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private boolean connected;
    private int window;
    private int inflight;
    private int epoch;
    private long readFrom;
    private boolean appended;
    private boolean running = true;

    /**
     * @param maxInflight most unacknowledged publishes
     * @param cursor      the queue's cursor
     * @param release     moves the queue's cursor
     */
    DeliveryWindow(int maxInflight, java.util.function.LongSupplier cursor, LongConsumer release) {
        this.maxInflight = maxInflight;
        this.cursor = cursor;
        this.release = release;
        this.readFrom = cursor.getAsLong();
    }

    void connected(int receiveMaximum) {
        lock.lock();
        try {
            connected = true;
            window = Math.max(1, Math.min(maxInflight, receiveMaximum));
            restart();
        } finally {
            lock.unlock();
        }
    }

    void disconnected() {
        lock.lock();
        try {
            connected = false;
            restart();
        } finally {
            lock.unlock();
        }
    }

    private void restart() {
        epoch++;
        chunks.clear();
        inflight = 0;
        readFrom = cursor.getAsLong();
        changed.signalAll();
    }

    /** Something was appended: wake the reader. */
    void appended() {
        lock.lock();
        try {
            appended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a connection is up with room in the window.
     *
     * @return where to read, or {@code null} when stopping
     * @throws InterruptedException if interrupted
     */
    ReadStart awaitRoom() throws InterruptedException {
        lock.lock();
        try {
            while (running && (!connected || inflight >= window)) {
                changed.await(500, TimeUnit.MILLISECONDS);
            }
            return running ? new ReadStart(epoch, readFrom) : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return where the next read starts now, or {@code null} when not connected, the window is full or stopping
     */
    ReadStart readStart() {
        lock.lock();
        try {
            return running && connected && inflight < window ? new ReadStart(epoch, readFrom) : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a chunk read from {@code start}.
     *
     * @param start where it was read
     * @param end   one past its last record
     * @return the chunk, or {@code null} if the connection changed meanwhile
     */
    Chunk begin(ReadStart start, long end) {
        lock.lock();
        try {
            if (epoch != start.epoch() || readFrom != start.from()) {
                return null; // a new connection, or the appending thread sent what was read (see claim)
            }
            Chunk c = new Chunk(end, start.epoch());
            readFrom = end;
            chunks.addLast(c);
            return c;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims the record just appended at {@code offset} for a publish on the appending thread, when
     * the uplink is caught up: connected, room in the window, and every earlier record already taken
     * for sending (the next read would start at {@code offset}). The caller then publishes it as a
     * chunk of one record ({@link #acquire} finds room at once: only the sender, one at a time,
     * takes places).
     *
     * @param offset the record's offset
     * @return its chunk, or {@code null}: the reader sends it
     */
    Chunk claim(long offset) {
        lock.lock();
        try {
            if (!running || !connected || inflight >= window || readFrom != offset) {
                return null;
            }
            Chunk c = new Chunk(offset + 1, epoch);
            readFrom = offset + 1;
            chunks.addLast(c);
            return c;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sending a chunk failed half-way for an unexpected reason: start over from the cursor, as after
     * a reconnect (at-least-once), so no record stays claimed and unsent.
     *
     * @param chunk the chunk
     */
    void abandoned(Chunk chunk) {
        lock.lock();
        try {
            if (chunk.epoch == epoch) {
                restart();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a place in the window for one publish, waiting for room.
     *
     * @param chunk its chunk
     * @return false if the connection went away
     * @throws InterruptedException if interrupted
     */
    boolean acquire(Chunk chunk) throws InterruptedException {
        lock.lock();
        try {
            while (running && chunk.epoch == epoch && connected && inflight >= window) {
                changed.await(500, TimeUnit.MILLISECONDS);
            }
            if (!running || chunk.epoch != epoch || !connected) {
                return false;
            }
            inflight++;
            chunk.outstanding++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The client refused a publish although connected (it is going down): start over from the cursor. */
    void refused(Chunk chunk) {
        lock.lock();
        try {
            if (chunk.epoch == epoch) {
                inflight--;
                chunk.outstanding--;
                restart();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A publish of the chunk was acknowledged. */
    void acknowledged(Chunk chunk) {
        lock.lock();
        try {
            if (chunk.epoch != epoch) {
                return;
            }
            // only a full window can have the sender waiting: no wake-up per PUBACK otherwise
            boolean windowWasFull = inflight >= window;
            inflight--;
            chunk.outstanding--;
            complete();
            if (windowWasFull) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every publish of the chunk was made. */
    void seal(Chunk chunk) {
        lock.lock();
        try {
            chunk.sealed = true;
            complete();
        } finally {
            lock.unlock();
        }
    }

    /** Moves the queue's cursor past the chunks at the head that are wholly acknowledged. */
    private void complete() {
        long upTo = -1;
        while (!chunks.isEmpty() && chunks.peekFirst().done()) {
            upTo = chunks.pollFirst().end;
        }
        if (upTo >= 0) {
            release.accept(upTo);
        }
    }

    /**
     * Waits for an append or a change, at most a while. Every append, connection, acknowledgement and
     * stop signals; the bound is only a safety net, long enough that an idle uplink hardly wakes.
     *
     * @throws InterruptedException if interrupted
     */
    void idle() throws InterruptedException {
        lock.lock();
        try {
            if (!appended && running) {
                changed.await(5, TimeUnit.SECONDS);
            }
            appended = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits after a failure.
     *
     * @throws InterruptedException if interrupted
     */
    void backOff() throws InterruptedException {
        lock.lock();
        try {
            if (running) {
                changed.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return publishes awaiting their PUBACK */
    int inflight() {
        lock.lock();
        try {
            return inflight;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether a connection is up */
    boolean isConnected() {
        lock.lock();
        try {
            return connected;
        } finally {
            lock.unlock();
        }
    }

    /** Stops every wait. */
    void stop() {
        lock.lock();
        try {
            running = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
