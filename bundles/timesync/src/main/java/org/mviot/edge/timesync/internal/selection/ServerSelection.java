package org.mviot.edge.timesync.internal.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the servers that agree and combines them, so that one server with a wrong clock (a
 * "falseticker") cannot move ours. Each server's offset is an interval, offset ± root distance;
 * Marzullo's algorithm (RFC 5905 §11.2.1, simplified) finds the point covered by the most
 * intervals. Only a majority covering one point is believed ("truechimers"); their median offset is
 * the answer, and the truechimer nearest to it is the system peer whose stratum and root distance
 * are reported.
 */
public final class ServerSelection {

    private ServerSelection() {
    }

    /**
     * @param candidates each server's best estimate
     * @return the combined result, or empty when there is no majority that agrees (or no candidate)
     */
    public static Optional<Selected> select(List<ClockFilter.Estimate> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return Optional.empty();
        }
        // endpoints: +1 where an interval starts, −1 where it ends; starts sort before ends at the same point
        long[][] edges = new long[2 * n][];
        for (int i = 0; i < n; i++) {
            edges[2 * i] = new long[] {candidates.get(i).low(), +1};
            edges[2 * i + 1] = new long[] {candidates.get(i).high(), -1};
        }
        Arrays.sort(edges, Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> -e[1]));
        int count = 0;
        int best = 0;
        long bestPoint = 0;
        for (long[] e : edges) {
            count += (int) e[1];
            if (count > best) {
                best = count;
                bestPoint = e[0];
            }
        }
        if (best * 2 <= n) {
            return Optional.empty();
        }
        List<ClockFilter.Estimate> truechimers = new ArrayList<>();
        for (ClockFilter.Estimate c : candidates) {
            if (c.low() <= bestPoint && bestPoint <= c.high()) {
                truechimers.add(c);
            }
        }
        truechimers.sort(Comparator.comparingLong(c -> c.sample().offsetNanos()));
        int m = truechimers.size();
        long median = m % 2 == 1 ? truechimers.get(m / 2).sample().offsetNanos()
                : (truechimers.get(m / 2 - 1).sample().offsetNanos() + truechimers.get(m / 2).sample().offsetNanos()) / 2;
        ClockFilter.Estimate peer = truechimers.stream()
                .min(Comparator.<ClockFilter.Estimate>comparingLong(c -> Math.abs(c.sample().offsetNanos() - median))
                        .thenComparingLong(c -> c.sample().rootDistanceNanos()))
                .orElseThrow();
        List<String> falsetickers = new ArrayList<>();
        for (ClockFilter.Estimate c : candidates) {
            if (!truechimers.contains(c)) {
                falsetickers.add(c.sample().server());
            }
        }
        return Optional.of(new Selected(median, peer, List.copyOf(truechimers), List.copyOf(falsetickers)));
    }

    /**
     * The servers' verdict.
     *
     * @param offsetNanos  the median offset of the servers that agree
     * @param peer         the agreeing server nearest to it
     * @param truechimers  the servers that agree
     * @param falsetickers the servers left out, by name
     */
    public record Selected(long offsetNanos, ClockFilter.Estimate peer, List<ClockFilter.Estimate> truechimers, List<String> falsetickers) {
    }
}
