package org.mviot.edge.api.twin;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Takes twin updates up to the cloud; implemented by the cloud link (which puts them in its
 * persistent queue). Back-pressure is explicit: a publisher that cannot take more says so, and the
 * core keeps the updates, coalesced per thing, until it can.
 */
@ConsumerType
public interface TwinPublisher {

    /**
     * Hands over one update. Returns quickly; never blocks on the network.
     *
     * @param update the update
     * @return {@code true} when the publisher took it, {@code false} when it is full (the core retries later)
     */
    boolean publish(TwinUpdate update);

    /**
     * The state of the publisher's link to the cloud, which the core shows in the gateway twin's
     * feature {@value GatewayIdentity#LINK_FEATURE}. Called often (every merge window): returns a
     * value it holds, without blocking.
     *
     * @return the link's state now; empty for a publisher without a link of its own (a test's, a local sink)
     */
    default Optional<LinkStatus> linkStatus() {
        return Optional.empty();
    }
}
