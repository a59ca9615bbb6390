package org.mviot.edge.cloud.mqtt.internal.codec;

import java.time.Instant;

/**
 * An epoch millisecond as {@link Instant#toString()} writes it ({@code 2026-12-07T21:14:02.123Z}, no
 * fraction on a whole second), for the Ditto {@code timestamp} header of every message. The JDK's
 * formatter walks a date-time printer chain per call, a noticeable part of a publish on the uplink's
 * thread (JFR); the date and time of day change once a second, so the text of the last second is kept
 * and only the milliseconds are written.
 */
final class IsoMillis {

    /** A second's text, as {@link Instant#toString()} writes a whole second. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second last = new Second(0, Instant.EPOCH.toString());

    private IsoMillis() {
    }

    /**
     * @param epochMillis milliseconds since the epoch
     * @return the same text as {@code Instant.ofEpochMilli(epochMillis).toString()}
     */
    static String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        Second s = last;
        if (s.epochSecond() != second) {
            s = new Second(second, Instant.ofEpochSecond(second).toString());
            last = s;
        }
        if (millis == 0) {
            return s.text();
        }
        String t = s.text();
        StringBuilder sb = new StringBuilder(t.length() + 4).append(t, 0, t.length() - 1).append('.');
        if (millis < 100) {
            sb.append('0');
        }
        if (millis < 10) {
            sb.append('0');
        }
        return sb.append(millis).append('Z').toString();
    }
}
