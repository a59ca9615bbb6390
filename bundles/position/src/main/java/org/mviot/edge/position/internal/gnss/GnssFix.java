package org.mviot.edge.position.internal.gnss;

import org.mviot.edge.api.position.Position;

/**
 * A GNSS fix with its quality.
 *
 * @param latitude        degrees
 * @param longitude       degrees
 * @param altitude        metres above the WGS 84 ellipsoid, NaN when unknown
 * @param quality         kind of fix
 * @param dimension       2 or 3 (GSA / gpsd mode), 0 when unknown
 * @param satellites      satellites used, −1 when unknown
 * @param hdop            horizontal dilution of precision, NaN when unknown
 * @param horizontalErrorMetres the receiver's own estimate (gpsd eph), or HDOP × {@value #UERE_METRES} m, NaN when neither is known
 * @param utcMillis       the receiver's time of the fix, Unix milliseconds, −1 when unknown
 * @param receivedMillis  the gateway's time when it arrived
 */
public record GnssFix(double latitude, double longitude, double altitude, FixQuality quality, int dimension, int satellites, double hdop,
                      double horizontalErrorMetres, long utcMillis, long receivedMillis) {

    /**
     * User equivalent range error of a consumer receiver, metres: HDOP × UERE is the usual rough
     * horizontal error estimate when the receiver does not give its own.
     */
    public static final double UERE_METRES = 5.0;

    /** @return the fix as the api's position */
    public Position toPosition() {
        return new Position(latitude, longitude, altitude, horizontalErrorMetres, Position.Source.GNSS, utcMillis >= 0 ? utcMillis : receivedMillis);
    }
}
