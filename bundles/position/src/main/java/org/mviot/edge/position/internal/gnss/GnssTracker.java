package org.mviot.edge.position.internal.gnss;

import java.util.Optional;

import org.mviot.edge.position.internal.nmea.NmeaSentence;

/**
 * Follows one GNSS source (a receiver's NMEA, or gpsd) and knows at every moment whether there is a
 * fix. A fix is lost when the source says so (GGA quality 0, RMC status V, GNS mode N, GSA fix type
 * 1, gpsd mode below 2) or when no fix has come for the timeout (receiver unplugged, cable cut);
 * then {@link #status} has no current fix, only the time since when and the last good one.
 * Thread-safe: one source writes, anyone reads.
 */
public final class GnssTracker {

    private static final long DAY_MILLIS = 86_400_000L;
    private static final long HALF_DAY_MILLIS = DAY_MILLIS / 2;

    private final long timeoutNanos;
    private boolean hasFix;
    private double latitude = Double.NaN;
    private double longitude = Double.NaN;
    private double altitude = Double.NaN;
    private FixQuality quality = FixQuality.NONE;
    private int dimension;
    private int satellites = -1;
    private double hdop = Double.NaN;
    private double horizontalError = Double.NaN;
    private long utcMillis = -1;
    private long receivedMillis;
    private long lastFixNanos;
    private long lastDateUtcMillis = Long.MIN_VALUE;
    /** Whether {@link #utcMillis} is a full date and time from the receiver (RMC date, gpsd's ISO time), not a time of day on a guessed day. */
    private boolean utcDated;
    private long utcNanos;
    private GnssFix lastGood;
    private long noFixSinceMillis;
    private String reason;

    /**
     * @param timeoutNanos a fix older than this is lost
     * @param nowMillis    now, gateway time (the source starts without a fix)
     */
    public GnssTracker(long timeoutNanos, long nowMillis) {
        this.timeoutNanos = timeoutNanos;
        this.noFixSinceMillis = nowMillis;
        this.reason = "no fix yet";
    }

    /**
     * Takes in one NMEA sentence.
     *
     * @param s          the sentence
     * @param nowMillis  gateway time
     * @param nowNanos   {@link System#nanoTime()}
     */
    public synchronized void accept(NmeaSentence s, long nowMillis, long nowNanos) {
        switch (s.type) {
            case GGA, GNS -> {
                if (!s.valid) {
                    lost(s.talkerId() + s.type + " fix quality 0 (no fix)", nowMillis);
                    return;
                }
                position(s.latitude, s.longitude, nowMillis, nowNanos);
                altitude = Double.isNaN(s.geoidSeparation) ? Double.NaN : s.altitudeMsl + s.geoidSeparation;
                quality = FixQuality.ofGga(s.quality);
                if (s.satellites >= 0) {
                    satellites = s.satellites;
                }
                hdop(s.hdop);
                time(s.timeOfDayMillis, nowMillis, nowNanos);
            }
            case RMC -> {
                if (!s.valid) {
                    lost(s.talkerId() + "RMC status V (no fix)", nowMillis);
                    return;
                }
                if (s.epochDay != Long.MIN_VALUE && s.timeOfDayMillis >= 0) {
                    lastDateUtcMillis = s.epochDay * DAY_MILLIS + s.timeOfDayMillis;
                }
                position(s.latitude, s.longitude, nowMillis, nowNanos);
                if (quality == FixQuality.NONE) {
                    quality = FixQuality.ofGga(s.quality);
                }
                time(s.timeOfDayMillis, nowMillis, nowNanos);
            }
            case GSA -> {
                if (!s.valid) {
                    lost(s.talkerId() + "GSA fix type 1 (no fix)", nowMillis);
                    return;
                }
                dimension = s.fixType;
                hdop(s.hdop);
            }
            case VTG -> {
                // course and speed only: they neither make nor break a fix
            }
            default -> throw new IllegalStateException("sentence type " + s.type);
        }
    }

    /**
     * A fix from gpsd's TPV report.
     *
     * @param lat       degrees
     * @param lon       degrees
     * @param altHae    metres above the ellipsoid, NaN when unknown
     * @param dim       2 or 3
     * @param eph       gpsd's horizontal error estimate, metres, NaN when unknown
     * @param utc       the fix's time, Unix milliseconds, −1 when unknown
     * @param nowMillis gateway time
     * @param nowNanos  {@link System#nanoTime()}
     */
    public synchronized void fix(double lat, double lon, double altHae, int dim, double eph, long utc, long nowMillis, long nowNanos) {
        position(lat, lon, nowMillis, nowNanos);
        altitude = altHae;
        dimension = dim;
        if (quality == FixQuality.NONE) {
            quality = FixQuality.GNSS;
        }
        horizontalError = eph;
        utcMillis = utc;
        utcDated = utc >= 0;
        utcNanos = nowNanos;
    }

    /**
     * Satellites and dilution from gpsd's SKY report.
     *
     * @param used satellites used, −1 when unknown
     * @param h    HDOP, NaN when unknown
     */
    public synchronized void satellites(int used, double h) {
        if (used >= 0) {
            satellites = used;
        }
        hdop(h);
    }

    /**
     * The source says there is no fix (or went away).
     *
     * @param why       in words
     * @param nowMillis gateway time
     */
    public synchronized void lost(String why, long nowMillis) {
        if (hasFix) {
            lastGood = snapshot();
            noFixSinceMillis = nowMillis;
        }
        hasFix = false;
        reason = why;
        quality = FixQuality.NONE;
        dimension = 0;
        horizontalError = Double.NaN;
    }

    /**
     * @param nowMillis gateway time
     * @param nowNanos  {@link System#nanoTime()}
     * @return the current fix, or since when there is none
     */
    public synchronized FixStatus status(long nowMillis, long nowNanos) {
        if (hasFix && nowNanos - lastFixNanos > timeoutNanos) {
            GnssFix last = snapshot();
            lost("no fix from the source for " + timeoutNanos / 1_000_000_000L + " s", nowMillis);
            noFixSinceMillis = last.receivedMillis();
        }
        return hasFix ? new FixStatus(Optional.of(snapshot()), lastGood, -1, "") : new FixStatus(Optional.empty(), lastGood, noFixSinceMillis, reason);
    }

    private void position(double lat, double lon, long nowMillis, long nowNanos) {
        latitude = lat;
        longitude = lon;
        receivedMillis = nowMillis;
        lastFixNanos = nowNanos;
        hasFix = true;
        reason = "";
    }

    private void hdop(double h) {
        if (!Double.isNaN(h)) {
            hdop = h;
        }
    }

    /** UTC of a time of day: on the last RMC date when there is one, else on the day nearest to the gateway's clock. */
    private void time(long timeOfDayMillis, long nowMillis, long nowNanos) {
        utcNanos = nowNanos;
        if (timeOfDayMillis < 0) {
            utcMillis = -1;
            utcDated = false;
            return;
        }
        utcDated = lastDateUtcMillis != Long.MIN_VALUE;
        long reference = lastDateUtcMillis != Long.MIN_VALUE ? lastDateUtcMillis : nowMillis;
        long t = Math.floorDiv(reference, DAY_MILLIS) * DAY_MILLIS + timeOfDayMillis;
        if (t - reference > HALF_DAY_MILLIS) {
            t -= DAY_MILLIS;
        } else if (reference - t > HALF_DAY_MILLIS) {
            t += DAY_MILLIS;
        }
        utcMillis = t;
    }

    /**
     * The receiver's time for the gateway clock: only while there is a current fix and only a full
     * date and time from the receiver (an RMC date, gpsd's ISO time), never a time of day placed on
     * the gateway's own, perhaps wrong, day.
     *
     * @param nowNanos {@link System#nanoTime()}
     * @return {@code [utcMillis, receivedNanoTime]}, empty when there is no such time
     */
    public synchronized Optional<long[]> datedTime(long nowNanos) {
        if (!hasFix || nowNanos - lastFixNanos > timeoutNanos || !utcDated || utcMillis < 0) {
            return Optional.empty();
        }
        return Optional.of(new long[] {utcMillis, utcNanos});
    }

    private GnssFix snapshot() {
        double error = !Double.isNaN(horizontalError) ? horizontalError : Double.isNaN(hdop) ? Double.NaN : hdop * GnssFix.UERE_METRES;
        return new GnssFix(latitude, longitude, altitude, quality, dimension, satellites, hdop, error, utcMillis, receivedMillis);
    }
}
