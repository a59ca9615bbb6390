package org.mviot.edge.position.internal.gnss;

/** The kind of fix, as NMEA's GGA quality indicator numbers it (0–8). */
public enum FixQuality {
    /** No fix. */
    NONE,
    /** Autonomous GNSS fix. */
    GNSS,
    /** Differential (SBAS, DGPS). */
    DIFFERENTIAL,
    /** Precise (PPS, military). */
    PRECISE,
    /** RTK with fixed integers. */
    RTK_FIXED,
    /** RTK float. */
    RTK_FLOAT,
    /** Dead reckoning: estimated, not measured. */
    ESTIMATED,
    /** Entered by hand. */
    MANUAL,
    /** Simulator. */
    SIMULATED;

    /**
     * @param ggaQuality GGA's quality field
     * @return the quality, {@link #NONE} for anything out of range
     */
    public static FixQuality ofGga(int ggaQuality) {
        FixQuality[] all = values();
        return ggaQuality >= 0 && ggaQuality < all.length ? all[ggaQuality] : NONE;
    }
}
