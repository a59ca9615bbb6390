package org.mviot.edge.api.sample;

/** How far a sample's value can be trusted. */
public enum Quality {
    /** Read correctly from the device. */
    GOOD,
    /** Read, but the device or the driver doubts it (out of range, sensor warming up). */
    UNCERTAIN,
    /** The read failed; the value is not a measurement. */
    BAD,
    /** No fresh value came within the channel's staleness bound; the value is the last one known (SpaR-RecR-3). */
    STALE
}
