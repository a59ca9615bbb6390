package org.mviot.edge.api.time;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A reference time another bundle offers the gateway clock, such as a GNSS receiver's UTC: the
 * clock uses it when no time server answers. Registered as an OSGi service by the bundle that has
 * the reference (the position bundle); the time sync bundle reads it, so neither knows the other.
 * <p>
 * Implementations answer from memory: {@link #latest()} neither blocks nor does I/O.
 */
@ConsumerType
public interface TimeReference {

    /**
     * @return what kind of reference this is, e.g. {@code gnss}; the clock reports it as the source
     *         of its synchronization
     */
    String kind();

    /**
     * @return the newest mark, empty when the reference has none that is current (a GNSS receiver
     *         without a fix)
     */
    Optional<TimeMark> latest();

    /**
     * One reading of the reference: the true time at a moment of the gateway's monotonic clock.
     *
     * @param utcMillis        the reference's UTC, milliseconds since the epoch
     * @param receivedNanoTime when it arrived, {@link System#nanoTime()} of this JVM
     * @param errorBoundMillis how far {@code utcMillis} may be from the truth at that moment
     *                         (an NMEA time without PPS: a few hundred milliseconds)
     * @param name             what gave it, e.g. the receiver's port or gpsd's address
     */
    record TimeMark(long utcMillis, long receivedNanoTime, long errorBoundMillis, String name) {

        /**
         * Checks the fields.
         *
         * @param utcMillis        reference time
         * @param receivedNanoTime arrival
         * @param errorBoundMillis error bound
         * @param name             name
         */
        public TimeMark {
            java.util.Objects.requireNonNull(name, "name");
            if (errorBoundMillis < 0) {
                throw new IllegalArgumentException("error bound must not be negative, was " + errorBoundMillis);
            }
        }
    }
}
