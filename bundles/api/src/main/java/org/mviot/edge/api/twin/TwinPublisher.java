package org.mviot.edge.api.twin;

/**
 * Takes twin updates up to the cloud; implemented by the cloud link (which puts them in its
 * persistent queue). Back-pressure is explicit: a publisher that cannot take more says so, and the
 * core keeps the updates, coalesced per thing, until it can.
 */
public interface TwinPublisher {

    /**
     * Hands over one update. Returns quickly; never blocks on the network.
     *
     * @param update the update
     * @return {@code true} when the publisher took it, {@code false} when it is full (the core retries later)
     */
    boolean publish(TwinUpdate update);
}
