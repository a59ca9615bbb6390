package org.mviot.edge.position.internal.nmea;

/**
 * The fields of the last sentence the {@link NmeaParser} read, in place: one instance per parser,
 * overwritten by every sentence, so parsing allocates nothing. Unknown numbers are NaN, unknown
 * counts −1.
 */
public final class NmeaSentence {

    /** The sentences understood. */
    public enum Type {
        /** Global positioning fix data: position, quality, satellites, HDOP, altitude. */
        GGA,
        /** Recommended minimum: position, status, speed, course, date. */
        RMC,
        /** DOP and active satellites: fix type 1/2/3, satellites used, PDOP/HDOP/VDOP. */
        GSA,
        /** Course and speed over ground. */
        VTG,
        /** GNSS fix data (multi-constellation GGA). */
        GNS
    }

    /** Which sentence. */
    public Type type;
    /** Talker id as two ASCII characters packed in an int ({@code 'G' << 8 | 'P'}). */
    public int talker;
    /** UTC time of day, milliseconds since midnight; −1 when absent. */
    public long timeOfDayMillis = -1;
    /** UTC date as days since the epoch (RMC); {@link Long#MIN_VALUE} when absent. */
    public long epochDay = Long.MIN_VALUE;
    /** Degrees, north positive. */
    public double latitude = Double.NaN;
    /** Degrees, east positive. */
    public double longitude = Double.NaN;
    /** Metres above mean sea level (GGA, GNS). */
    public double altitudeMsl = Double.NaN;
    /** Geoid separation: ellipsoid minus mean sea level, metres. */
    public double geoidSeparation = Double.NaN;
    /** Whether the sentence reports a valid fix: GGA quality > 0, RMC status A, GNS mode not all N, GSA type 2 or 3, VTG mode not N. */
    public boolean valid;
    /** GGA fix quality 0–8; for GNS and RMC the quality derived from the mode letter; −1 when absent. */
    public int quality = -1;
    /** GSA fix type: 1 none, 2 2D, 3 3D; −1 when absent. */
    public int fixType = -1;
    /** Satellites in use; −1 when absent. */
    public int satellites = -1;
    /** Horizontal dilution of precision. */
    public double hdop = Double.NaN;
    /** Position dilution of precision (GSA). */
    public double pdop = Double.NaN;
    /** Vertical dilution of precision (GSA). */
    public double vdop = Double.NaN;
    /** Speed over ground, km/h. */
    public double speedKmh = Double.NaN;
    /** Course over ground, degrees true. */
    public double courseDeg = Double.NaN;

    void clear() {
        type = null;
        talker = 0;
        timeOfDayMillis = -1;
        epochDay = Long.MIN_VALUE;
        latitude = Double.NaN;
        longitude = Double.NaN;
        altitudeMsl = Double.NaN;
        geoidSeparation = Double.NaN;
        valid = false;
        quality = -1;
        fixType = -1;
        satellites = -1;
        hdop = Double.NaN;
        pdop = Double.NaN;
        vdop = Double.NaN;
        speedKmh = Double.NaN;
        courseDeg = Double.NaN;
    }

    /** @return the talker id as text ({@code GP}, {@code GN}…) */
    public String talkerId() {
        return new String(new char[] {(char) (talker >>> 8), (char) (talker & 0xFF)});
    }
}
