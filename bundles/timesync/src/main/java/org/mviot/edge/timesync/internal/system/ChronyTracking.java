package org.mviot.edge.timesync.internal.system;

import java.util.Locale;
import java.util.Optional;

/**
 * What chrony says of the system clock: one line of {@code chronyc -c tracking} (CSV: reference id,
 * name, stratum, reference time, system time offset, last offset, RMS offset, frequency, residual
 * frequency, skew, root delay, root dispersion, update interval, leap status).
 *
 * @param referenceId       the reference id, hex
 * @param name              the source's name or address (empty for a local reference)
 * @param stratum           chrony's stratum
 * @param referenceUnixSeconds when chrony last updated its reference, Unix seconds
 * @param systemOffsetSeconds how far the system clock is from NTP time now (positive: fast), still being slewed away
 * @param rmsOffsetSeconds  long-term average offset (jitter of the source)
 * @param skewPpm           estimated error bound of the frequency, ppm
 * @param rootDelaySeconds  root delay
 * @param rootDispersionSeconds root dispersion
 * @param leapStatus        Normal, Insert second, Delete second, Not synchronised
 */
public record ChronyTracking(String referenceId, String name, int stratum, double referenceUnixSeconds, double systemOffsetSeconds,
                             double rmsOffsetSeconds, double skewPpm, double rootDelaySeconds, double rootDispersionSeconds, String leapStatus) {

    /**
     * @return whether chrony has a reference: leap status not "Not synchronised", stratum 1–15, a reference time
     */
    public boolean synced() {
        return !leapStatus.toLowerCase(Locale.ROOT).startsWith("not synchron") && stratum >= 1 && stratum < 16 && referenceUnixSeconds > 0;
    }

    /**
     * chrony's own error bound of the system clock (chrony.conf(5), "maximum error"): root
     * dispersion + root delay / 2 + |system time offset|.
     *
     * @return nanoseconds
     */
    public long errorBoundNanos() {
        return (long) ((rootDispersionSeconds + rootDelaySeconds / 2 + Math.abs(systemOffsetSeconds)) * 1e9);
    }

    /**
     * @param output what {@code chronyc -c tracking} printed
     * @return the tracking line, or empty when it is not one (chrony not running, an error message)
     */
    public static Optional<ChronyTracking> parse(String output) {
        String line = output.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl).strip();
        }
        String[] f = line.split(",", -1);
        if (f.length < 14) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChronyTracking(f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[6]), Double.parseDouble(f[9]), Double.parseDouble(f[10]), Double.parseDouble(f[11]), f[13]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
