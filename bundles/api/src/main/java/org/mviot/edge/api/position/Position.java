package org.mviot.edge.api.position;

import java.util.Objects;

/**
 * Where the gateway (or a device) is.
 *
 * @param latitude  degrees, WGS 84, north positive
 * @param longitude degrees, WGS 84, east positive
 * @param altitude  metres above the WGS 84 ellipsoid, NaN when unknown
 * @param accuracy  estimated horizontal error in metres, NaN when unknown
 * @param source    how the position was found
 * @param timestamp when it was found, milliseconds since the epoch
 */
public record Position(double latitude, double longitude, double altitude, double accuracy, Source source, long timestamp) {

    /** How a position was found (SpaR-RecR-2). */
    public enum Source {
        /** Configured by the installer. */
        FIXED,
        /** From a GNSS receiver. */
        GNSS,
        /** Derived from the network (cell, Wi-Fi). */
        NETWORK,
        /** Relative to a known reference. */
        RELATIVE,
        /** Several sources combined. */
        COMBINED
    }

    /**
     * Checks the fields.
     *
     * @param latitude  latitude
     * @param longitude longitude
     * @param altitude  altitude
     * @param accuracy  accuracy
     * @param source    source
     * @param timestamp time
     */
    public Position {
        Objects.requireNonNull(source, "source");
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("position out of range: " + latitude + ", " + longitude);
        }
    }
}
