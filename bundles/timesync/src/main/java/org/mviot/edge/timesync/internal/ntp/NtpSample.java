package org.mviot.edge.timesync.internal.ntp;

/**
 * One good answer of one server: how far the system clock was from the server's, measured from the
 * four timestamps of RFC 5905 §8 (T1 sent, T2 received by the server, T3 sent by the server, T4
 * received): offset = ((T2 − T1) + (T3 − T4)) / 2, delay = (T4 − T1) − (T3 − T2).
 *
 * @param server               the server, as configured
 * @param offsetNanos          the server's time minus the system clock's (positive: the system clock is behind)
 * @param delayNanos           round-trip delay, without the server's own processing time
 * @param stratum              the server's stratum, 1–15
 * @param rootDelayNanos       the server's root delay
 * @param rootDispersionNanos  the server's root dispersion
 * @param reference            the server's reference (an IPv4 address in hex, or a refclock name)
 * @param receivedNanoTime     {@link System#nanoTime()} when the answer arrived
 * @param receivedUnixNanos    the system clock when the answer arrived, Unix nanoseconds (T4)
 */
public record NtpSample(String server, long offsetNanos, long delayNanos, int stratum, long rootDelayNanos, long rootDispersionNanos,
                        String reference, long receivedNanoTime, long receivedUnixNanos) {

    /**
     * @return the error bound of this measurement against the primary reference (RFC 5905 "root
     *         distance"): root dispersion + (root delay + delay) / 2
     */
    public long rootDistanceNanos() {
        return rootDispersionNanos + (rootDelayNanos + Math.max(0, delayNanos)) / 2;
    }
}
