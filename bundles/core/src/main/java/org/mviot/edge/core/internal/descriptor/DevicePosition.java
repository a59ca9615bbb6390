package org.mviot.edge.core.internal.descriptor;

/**
 * Where a device is, from its descriptor's optional {@code position} (issue 12, SpaR-RecR-2):
 * {@code "gateway"} (the device sits at the gateway: the twin follows the gateway's position service,
 * GNSS or provisioned) or {@code {"lat": …, "lon": …, "alt": …}} (a fixed place; {@code alt} optional,
 * metres above the WGS 84 ellipsoid). The twin then has a {@code position} feature.
 *
 * @param kind      none, the gateway's, or fixed
 * @param latitude  degrees (fixed only)
 * @param longitude degrees (fixed only)
 * @param altitude  metres, NaN when not given (fixed only)
 */
public record DevicePosition(Kind kind, double latitude, double longitude, double altitude) {

    /** A device without a position. */
    public static final DevicePosition NONE = new DevicePosition(Kind.NONE, Double.NaN, Double.NaN, Double.NaN);
    /** A device at the gateway. */
    public static final DevicePosition GATEWAY = new DevicePosition(Kind.GATEWAY, Double.NaN, Double.NaN, Double.NaN);

    /** Where the position comes from. */
    public enum Kind {
        /** No position in the twin. */
        NONE,
        /** The gateway's position. */
        GATEWAY,
        /** The descriptor's fixed position. */
        FIXED
    }
}
