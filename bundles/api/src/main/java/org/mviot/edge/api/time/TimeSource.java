package org.mviot.edge.api.time;

/** Where a timestamp came from, so a consumer knows how far to trust it (SpaR-RecR-1). */
public enum TimeSource {
    /** The gateway clock, synchronized to a time server (NTP, GNSS). */
    SYNCED,
    /** The gateway's system clock, not known to be synchronized: the timestamp may be off. */
    SYSTEM_CLOCK,
    /** The device stamped the value itself. */
    DEVICE
}
