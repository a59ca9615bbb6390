package org.mviot.edge.timesync.internal.system;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What systemd-timesyncd says of the system clock: {@code timedatectl show} (its
 * {@code NTPSynchronized=yes|no} property) and, where available, {@code timedatectl show-timesync}
 * (server and the last NTP message: stratum, leap, root delay, root dispersion, jitter).
 *
 * @param synced                 NTPSynchronized=yes
 * @param server                 ServerName (ServerAddress), empty when not shown
 * @param stratum                the server's stratum, -1 when not shown
 * @param leap                   the last message's leap indicator, -1 when not shown
 * @param rootDelayNanos         the last message's root delay, -1 when not shown
 * @param rootDispersionNanos    the last message's root dispersion, -1 when not shown
 * @param jitterNanos            timesyncd's jitter, -1 when not shown
 */
public record TimesyncdStatus(boolean synced, String server, int stratum, int leap, long rootDelayNanos, long rootDispersionNanos, long jitterNanos) {

    private static final Pattern SYNCED = Pattern.compile("(?m)^NTPSynchronized=(yes|no)\\s*$");
    private static final Pattern SERVER_NAME = Pattern.compile("(?m)^ServerName=(\\S*)\\s*$");
    private static final Pattern SERVER_ADDRESS = Pattern.compile("(?m)^ServerAddress=(\\S*)\\s*$");
    private static final Pattern MESSAGE = Pattern.compile("(?m)^NTPMessage=\\{(.*)}\\s*$");

    /**
     * chrony's formula applied to timesyncd's figures: root dispersion + root delay / 2.
     *
     * @return nanoseconds, -1 when timesyncd did not show the last message
     */
    public long errorBoundNanos() {
        return rootDelayNanos < 0 || rootDispersionNanos < 0 ? -1 : rootDispersionNanos + rootDelayNanos / 2;
    }

    /**
     * @param show         output of {@code timedatectl show}
     * @param showTimesync output of {@code timedatectl show-timesync}, empty string when unavailable
     * @return the status, or empty when {@code show} has no NTPSynchronized property
     */
    public static Optional<TimesyncdStatus> parse(String show, String showTimesync) {
        Matcher s = SYNCED.matcher(show);
        if (!s.find()) {
            return Optional.empty();
        }
        String name = group(SERVER_NAME, showTimesync);
        String address = group(SERVER_ADDRESS, showTimesync);
        String server = name.isEmpty() ? address : address.isEmpty() ? name : name + " (" + address + ")";
        String message = group(MESSAGE, showTimesync);
        return Optional.of(new TimesyncdStatus("yes".equals(s.group(1)), server, (int) integer(message, "Stratum"), (int) integer(message, "Leap"),
                duration(message, "RootDelay"), duration(message, "RootDispersion"), duration(message, "Jitter")));
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static long integer(String message, String key) {
        Matcher m = Pattern.compile("(?:^|[,\\s])" + key + "=(-?\\d+)(?=[,\\s]|$)").matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** systemd's time spans as timedatectl prints them: {@code 0}, {@code 106us}, {@code 4.165ms}, {@code 1.2s}. */
    private static long duration(String message, String key) {
        Matcher m = Pattern.compile("(?:^|[,\\s])" + key + "=(\\d+(?:\\.\\d+)?)(ns|us|ms|s|min)?(?=[,\\s]|$)").matcher(message);
        if (!m.find()) {
            return -1;
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos = switch (unit) {
            case "ns" -> v;
            case "us" -> v * 1e3;
            case "ms" -> v * 1e6;
            case "min" -> v * 60e9;
            default -> v * 1e9;
        };
        return (long) nanos;
    }
}
