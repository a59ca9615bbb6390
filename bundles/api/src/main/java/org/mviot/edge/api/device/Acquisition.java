package org.mviot.edge.api.device;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/** How fresh values of a channel are acquired (SpaR-RecR-3): polled at a fixed rate, or pushed by the device. */
@ProviderType
public sealed interface Acquisition permits Acquisition.Poll, Acquisition.Event {

    /**
     * The gateway asks the driver for the channel's value at a fixed rate.
     *
     * @param period time between two reads; positive
     */
    record Poll(Duration period) implements Acquisition {
        /**
         * Checks the period.
         *
         * @param period time between two reads
         */
        public Poll {
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("poll period must be positive, was " + period);
            }
        }
    }

    /**
     * The driver pushes values when they change (a GPIO edge, a CoAP observe notification, a serial line).
     *
     * @param staleAfter the channel is flagged stale when no value came for this long; {@link Duration#ZERO} never
     */
    record Event(Duration staleAfter) implements Acquisition {
        /**
         * Checks the staleness bound.
         *
         * @param staleAfter the bound, zero for none
         */
        public Event {
            if (staleAfter == null || staleAfter.isNegative()) {
                throw new IllegalArgumentException("staleAfter must be zero or positive, was " + staleAfter);
            }
        }
    }

    /**
     * @param period poll period
     * @return a fixed-rate poll acquisition
     */
    static Acquisition poll(Duration period) {
        return new Poll(period);
    }

    /**
     * @return an event acquisition that is never flagged stale
     */
    static Acquisition event() {
        return new Event(Duration.ZERO);
    }
}
