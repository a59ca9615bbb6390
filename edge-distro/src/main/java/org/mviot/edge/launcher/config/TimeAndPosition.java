package org.mviot.edge.launcher.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a hardware profile says about the gateway's clock and position (issue 12): the NTP servers
 * the clock asks, and where the position comes from. Optional keys:
 * <ul>
 * <li>{@code time.servers}: {@code host} or {@code host:port}, comma-separated; missing: the public NTP
 * pool; empty: none (the system clock, vouched for by chrony/timesyncd when the host runs them);</li>
 * <li>{@code position.fixed}: {@code lat,lon[,alt]}, a fixed position (the sim profile's demo place);</li>
 * <li>{@code position.gpsd}: {@code host:port} of gpsd.</li>
 * </ul>
 *
 * @param timeServers   NTP servers, empty for none
 * @param positionFixed fixed position, empty for none
 * @param gpsd          gpsd's {@code host:port}, empty for none
 */
public record TimeAndPosition(List<String> timeServers, String positionFixed, String gpsd) {

    /** The servers a board without {@code time.servers} asks. */
    static final List<String> POOL = List.of("0.pool.ntp.org", "1.pool.ntp.org", "2.pool.ntp.org");

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");
    private static final Pattern FIXED = Pattern.compile("-?[0-9]{1,3}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?(,-?[0-9]{1,5}(\\.[0-9]+)?)?");

    /**
     * @param f a profile file
     * @return its clock and position facts
     * @throws ConfigException naming the key when a value is malformed
     */
    public static TimeAndPosition parse(PropertiesFile f) throws ConfigException {
        List<String> servers = f.keys().contains("time.servers") ? f.list("time.servers") : POOL;
        for (String s : servers) {
            if (!HOST_PORT.matcher(s).matches()) {
                throw f.error("time.servers", "lists '" + s + "', expected host or host:port");
            }
        }
        String fixed = f.optional("position.fixed") == null ? "" : f.optional("position.fixed").replace(" ", "");
        if (!fixed.isEmpty() && !FIXED.matcher(fixed).matches()) {
            throw f.error("position.fixed", "is '" + fixed + "', expected lat,lon or lat,lon,alt in degrees and metres");
        }
        String gpsd = f.optional("position.gpsd") == null ? "" : f.optional("position.gpsd").strip();
        if (!gpsd.isEmpty() && !HOST_PORT.matcher(gpsd).matches()) {
            throw f.error("position.gpsd", "is '" + gpsd + "', expected host or host:port");
        }
        return new TimeAndPosition(List.copyOf(servers), fixed, gpsd);
    }
}
