package org.mviot.edge.core.internal.shell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.mviot.edge.api.device.ChannelType;

/**
 * How the shell and {@code status} print times, durations, sizes and channel values: fixed-width
 * ISO-8601 UTC to the millisecond (nanoseconds broke the columns), and a value in its channel's type
 * (an {@code integer} channel never shows a fraction).
 */
final class ShellText {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ShellText() {
    }

    /**
     * @param t an instant, may be {@code null}
     * @return it as {@code 2026-12-07T14:03:27.120Z}, or {@code null}
     */
    static String time(Instant t) {
        return t == null ? null : ISO_MILLIS.format(t);
    }

    /**
     * @param epochMillis milliseconds since the epoch; 0 or less means never
     * @return it as {@link #time(Instant)}, or {@code null} for never
     */
    static String time(long epochMillis) {
        return epochMillis <= 0 ? null : time(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * @param seconds a duration in seconds
     * @return it in words a person reads at a glance: {@code 42s}, {@code 5m 03s}, {@code 2h 04m}, {@code 3d 01h}
     */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, s % 86_400 / 3600);
    }

    /**
     * @param bytes a size
     * @return it with a binary unit: {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}
     */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * @param type  the type the channel reports
     * @param value its value, may be {@code null}
     * @return the value as that type prints: whole numbers for {@code integer}, {@code -} for none
     */
    static String value(ChannelType type, Object value) {
        if (value == null) {
            return "-";
        }
        if (type == ChannelType.INTEGER && value instanceof Number n) {
            return n instanceof Double || n instanceof Float ? Long.toString(Math.round(n.doubleValue())) : Long.toString(n.longValue());
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return value.toString();
    }
}
