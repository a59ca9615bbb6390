package org.mviot.edge.launcher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gives the clock and position features their first configuration from the hardware profile (issue
 * 12): at {@code run}, when the profile starts {@code timesync} or {@code position} and the deploy
 * directory has no configuration for it yet, writes one ({@code .config}, Config Admin's typed
 * format) naming the profile's NTP servers, fixed position or gpsd. An existing file is the
 * installer's and left alone, as the features' own default files are; the launcher writes before the
 * features' defaults are copied, so the profile's values win over the feature's public-pool default.
 */
public final class TimeAndPositionConfiguration {

    /** The clock's configuration file. */
    public static final String TIMESYNC_FILE = "org.mviot.edge.timesync.config";
    /** The position's configuration file. */
    public static final String POSITION_FILE = "org.mviot.edge.position.config";

    private TimeAndPositionConfiguration() {
    }

    /**
     * @param profile the hardware profile
     * @param deploy  the deploy directory
     * @throws IOException if a file cannot be written
     */
    public static void write(HardwareProfile profile, Path deploy) throws IOException {
        TimeAndPosition t = profile.timeAndPosition();
        if (profile.features().contains("timesync")) {
            writeIfAbsent(deploy.resolve(TIMESYNC_FILE), timesync(profile.name(), t));
        }
        if (profile.features().contains("position")) {
            writeIfAbsent(deploy.resolve(POSITION_FILE), position(profile.name(), t));
        }
    }

    /**
     * @param profile profile name
     * @param t       its facts
     * @return the clock's configuration text
     */
    static String timesync(String profile, TimeAndPosition t) {
        return "# Written by mviot-edge from hardware profile " + profile + " at the first run; yours to edit (kept from now on).\n"
                + "# servers: the gateway's own SNTP client asks these; [] relies on chrony / systemd-timesyncd, else the system clock.\n"
                + "servers=[" + t.timeServers().stream().map(TimeAndPositionConfiguration::quoted).collect(Collectors.joining(",")) + "]\n"
                + "poll.interval.s=I\"64\"\nholdover.s=I\"3600\"\nsystem.sources=B\"true\"\nclock.discipline=\"off\"\n";
    }

    /**
     * @param profile profile name
     * @param t       its facts
     * @return the position's configuration text
     */
    static String position(String profile, TimeAndPosition t) {
        StringBuilder b = new StringBuilder("# Written by mviot-edge from hardware profile " + profile
                + " at the first run; yours to edit (kept from now on).\n");
        if (!t.positionFixed().isEmpty()) {
            b.append("position.fixed=").append(quoted(t.positionFixed())).append('\n');
        }
        if (!t.gpsd().isEmpty()) {
            List<String> hp = List.of(t.gpsd().split(":"));
            b.append("gpsd.host=").append(quoted(hp.get(0))).append('\n');
            if (hp.size() > 1) {
                b.append("gpsd.port=I\"").append(Integer.parseInt(hp.get(1))).append("\"\n");
            }
        }
        b.append("fix.timeout.s=I\"5\"\n");
        return b.toString();
    }

    /** Values are checked by {@link TimeAndPosition} (host names, numbers): nothing to escape but the quotes' own kind. */
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void writeIfAbsent(Path target, String text) throws IOException {
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
