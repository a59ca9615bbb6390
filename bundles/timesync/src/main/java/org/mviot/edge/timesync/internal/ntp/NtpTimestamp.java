package org.mviot.edge.timesync.internal.ntp;

/**
 * NTP's 64-bit timestamp (seconds since 1900 and a binary fraction) and Unix nanoseconds. The
 * 32-bit seconds wrap in 2036 (era 1): like RFC 4330 §3, a seconds field with its top bit clear is
 * taken to be in era 1 (2036–2104), one with it set in era 0 (1968–2036).
 */
public final class NtpTimestamp {

    /** Seconds from 1900-01-01 (NTP) to 1970-01-01 (Unix). */
    static final long UNIX_EPOCH_NTP_SECONDS = 2_208_988_800L;
    private static final long ERA_SECONDS = 1L << 32;
    private static final long NANOS = 1_000_000_000L;

    private NtpTimestamp() {
    }

    /**
     * @param ntp the 64-bit NTP timestamp (seconds in the high 32 bits, fraction in the low 32)
     * @return Unix time in nanoseconds
     */
    public static long toUnixNanos(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFF_FFFFL;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += ERA_SECONDS;
        }
        long unixSeconds = seconds - UNIX_EPOCH_NTP_SECONDS;
        return unixSeconds * NANOS + ((fraction * NANOS) >>> 32);
    }

    /**
     * @param unixNanos Unix time in nanoseconds
     * @return the 64-bit NTP timestamp
     */
    public static long fromUnixNanos(long unixNanos) {
        long unixSeconds = Math.floorDiv(unixNanos, NANOS);
        long nanos = Math.floorMod(unixNanos, NANOS);
        long seconds = (unixSeconds + UNIX_EPOCH_NTP_SECONDS) & 0xFFFF_FFFFL;
        // round to the nearest fraction so that a round trip loses less than a nanosecond
        long fraction = ((nanos << 32) + NANOS / 2) / NANOS;
        return (seconds << 32) + fraction;
    }

    /**
     * @param shortFormat NTP's 32-bit short format (16.16 seconds: root delay, root dispersion)
     * @return nanoseconds
     */
    public static long shortToNanos(long shortFormat) {
        return ((shortFormat & 0xFFFF_FFFFL) * NANOS) >>> 16;
    }
}
