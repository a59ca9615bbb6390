package org.mviot.edge.timesync.internal.selection;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import org.mviot.edge.timesync.internal.ntp.NtpSample;

/**
 * One server's recent samples, and the one to believe: like RFC 5905's clock filter, the sample
 * with the least round-trip delay of the last {@value #SIZE} wins, because queueing delay is what
 * makes an offset wrong and the shortest exchange had the least of it. Jitter is the RMS difference
 * of the other offsets from the chosen one.
 */
public final class ClockFilter {

    /** Samples kept per server (RFC 5905 NSTAGE). */
    public static final int SIZE = 8;

    private final Deque<NtpSample> samples = new ArrayDeque<>(SIZE);

    /**
     * @param sample a new sample; the oldest goes once {@value #SIZE} are kept
     */
    public synchronized void add(NtpSample sample) {
        if (samples.size() == SIZE) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    /** Forgets every sample (the server was dropped or replaced). */
    public synchronized void clear() {
        samples.clear();
    }

    /**
     * @param maxAgeNanos samples older than this (by {@link System#nanoTime()}) are not considered
     * @param nowNanoTime now, {@link System#nanoTime()}
     * @return the least-delay recent sample with its jitter, or empty when there is none
     */
    public synchronized Optional<Estimate> best(long maxAgeNanos, long nowNanoTime) {
        NtpSample best = null;
        for (NtpSample s : samples) {
            if (nowNanoTime - s.receivedNanoTime() <= maxAgeNanos && (best == null || s.delayNanos() < best.delayNanos())) {
                best = s;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        double sum = 0;
        int n = 0;
        for (NtpSample s : samples) {
            if (s != best && nowNanoTime - s.receivedNanoTime() <= maxAgeNanos) {
                double d = s.offsetNanos() - best.offsetNanos();
                sum += d * d;
                n++;
            }
        }
        return Optional.of(new Estimate(best, n == 0 ? 0 : (long) Math.sqrt(sum / n)));
    }

    /**
     * A server's best recent sample.
     *
     * @param sample      the sample
     * @param jitterNanos RMS difference of the server's other recent offsets from it
     */
    public record Estimate(NtpSample sample, long jitterNanos) {

        /** @return the lower end of the interval the true offset lies in */
        long low() {
            return sample.offsetNanos() - sample.rootDistanceNanos();
        }

        /** @return the upper end */
        long high() {
            return sample.offsetNanos() + sample.rootDistanceNanos();
        }
    }
}
