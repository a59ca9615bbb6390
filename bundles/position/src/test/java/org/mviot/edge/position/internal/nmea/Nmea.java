package org.mviot.edge.position.internal.nmea;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** NMEA sentences for tests: the checksum computed, times and dates current. */
public final class Nmea {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss.SS");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("ddMMyy");

    private Nmea() {
    }

    /**
     * @param body what goes between '$' and '*'
     * @return the sentence with its checksum, without CR LF
     */
    public static String sentence(String body) {
        int sum = 0;
        for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
            sum ^= b;
        }
        return "$" + body + "*" + String.format("%02X", sum);
    }

    /**
     * @param s a sentence
     * @return its bytes
     */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @return GGA, RMC and GSA of a 3D fix at 48.1173 N 11.516667 E now, CR LF after each
     */
    public static String fixEpoch() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String t = TIME.format(now);
        return sentence("GPGGA," + t + ",4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,") + "\r\n"
                + sentence("GPRMC," + t + ",A,4807.038,N,01131.000,E,022.4,084.4," + DATE.format(now) + ",003.1,W") + "\r\n"
                + sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1") + "\r\n";
    }

    /**
     * @return what a receiver sends without a fix now: empty positions, GGA quality 0, RMC V, GSA type 1
     */
    public static String noFixEpoch() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String t = TIME.format(now);
        return sentence("GPGGA," + t + ",,,,,0,00,99.99,,,,,,") + "\r\n"
                + sentence("GPRMC," + t + ",V,,,,,,," + DATE.format(now) + ",,,N") + "\r\n"
                + sentence("GPGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99") + "\r\n";
    }
}
