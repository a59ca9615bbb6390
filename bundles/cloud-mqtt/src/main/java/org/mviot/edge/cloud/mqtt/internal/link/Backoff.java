package org.mviot.edge.cloud.mqtt.internal.link;

import java.util.function.LongUnaryOperator;

/**
 * Reconnect delays: exponential from an initial delay up to a cap, with "equal jitter" (half the
 * delay fixed, half random) so that many gateways cut off together do not reconnect together.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final LongUnaryOperator random;
    private int attempts;

    /**
     * @param initialMillis first delay
     * @param maxMillis     cap
     * @param random        given n, a random number in [0, n)
     */
    public Backoff(long initialMillis, long maxMillis, LongUnaryOperator random) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("reconnect delays need 0 < initial (" + initialMillis + ") <= max (" + maxMillis + ")");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** @return the delay before the next attempt */
    public synchronized long nextDelayMillis() {
        // initial << attempts must not overflow: past the cap it is the cap
        long ceiling = attempts >= 62 || initialMillis > maxMillis >> attempts ? maxMillis : Math.min(maxMillis, initialMillis << attempts);
        attempts++;
        long half = ceiling / 2;
        return half + random.applyAsLong(ceiling - half + 1);
    }

    /** Starts over after a successful connection. */
    public synchronized void reset() {
        attempts = 0;
    }

    /** @return failed attempts since the last reset */
    public synchronized int attempts() {
        return attempts;
    }
}
