import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.timesync.internal.clock.SlewedClock;
import org.mviot.edge.timesync.internal.clock.SyncedClock;
import org.mviot.edge.timesync.internal.ntp.NtpSample;
import org.mviot.edge.timesync.internal.ntp.SntpClient;

/**
 * Two figures for issue 12 (run by clock.sh, which starts chronyd on 127.0.0.1 and pins this to one core):
 * 1. the offset our client measures against chronyd on loopback; chronyd serves this host's clock, so the
 *    truth is 0 and the measured offset is the error: per window of 8 exchanges, the least-delay sample's
 *    offset (what the clock filter applies);
 * 2. the cost a sample pays for its time quality: source() + uncertaintyMillis() of the gateway clock, and
 *    currentTimeMillis() against System.currentTimeMillis().
 * Bounded: 128 exchanges 20 ms apart; 5 rounds of 20 million reads.
 */
public final class ClockBench {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        offsets(new InetSocketAddress("127.0.0.1", port));
        qualityCost();
    }

    private static void offsets(InetSocketAddress chronyd) throws Exception {
        SntpClient client = new SntpClient();
        List<NtpSample> samples = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            samples.add(client.query("chronyd", chronyd, Duration.ofSeconds(1)));
            LockSupport.parkNanos(20_000_000L);
        }
        List<Long> filtered = new ArrayList<>();
        for (int w = 0; w + 8 <= samples.size(); w += 8) {
            NtpSample best = samples.get(w);
            for (int i = w; i < w + 8; i++) {
                best = samples.get(i).delayNanos() < best.delayNanos() ? samples.get(i) : best;
            }
            filtered.add(Math.abs(best.offsetNanos()));
        }
        List<Long> raw = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        for (NtpSample s : samples) {
            raw.add(Math.abs(s.offsetNanos()));
            delays.add(s.delayNanos());
        }
        System.out.printf("offset against chronyd on loopback, filtered (least delay of 8), 16 windows: median %d µs, max %d µs%n",
                median(filtered) / 1000, max(filtered) / 1000);
        System.out.printf("offset of single exchanges (128): median %d µs, max %d µs; round-trip delay median %d µs, max %d µs%n",
                median(raw) / 1000, max(raw) / 1000, median(delays) / 1000, max(delays) / 1000);
    }

    private static void qualityCost() {
        SyncedClock clock = new SyncedClock(SlewedClock.system(50_000), System::nanoTime, 3_600_000_000_000L, 50, 1_000_000_000L);
        clock.synced("ntp", "bench", 2, 0, 0, 100_000, System.nanoTime());
        int n = 20_000_000;
        long sink = 0;
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += System.currentTimeMillis();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += clock.currentTimeMillis();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += clock.source() == TimeSource.SYNCED ? clock.uncertaintyMillis() : -1;
            }
            long t3 = System.nanoTime();
            long stamp = clock.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                long ts = stamp + (i & 1023);
                sink += clock.sourceAt(ts) == TimeSource.SYNCED ? clock.uncertaintyMillisAt(ts) : -1;
            }
            long t4 = System.nanoTime();
            if (round > 0) { // round 0 warms up
                System.out.printf("round %d: System.currentTimeMillis %.1f ns, gateway clock currentTimeMillis %.1f ns, "
                        + "time quality source() + uncertaintyMillis() %.1f ns, from the timestamp (sourceAt + uncertaintyMillisAt) %.1f ns%n",
                        round, (t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) n, (t4 - t3) / (double) n);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static long max(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
