import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.position.internal.gnss.GnssTracker;
import org.mviot.edge.position.internal.nmea.NmeaLineReader;
import org.mviot.edge.position.internal.nmea.NmeaParser;

/**
 * NMEA sentences parsed per second on one thread (run it pinned to one core: see nmea.sh).
 * Two figures: the parser alone over pre-cut lines, and the whole receiving path (line cutting,
 * parsing, the fix tracker). Bounded: 5 s warm-up, then 5 rounds of 2 s each.
 */
public final class NmeaThroughput {

    private static final long WARMUP_NANOS = 5_000_000_000L;
    private static final long ROUND_NANOS = 2_000_000_000L;
    private static final int ROUNDS = 5;

    public static void main(String[] args) {
        List<byte[]> lines = corpus(1000);
        byte[] stream = stream(lines);
        NmeaParser parser = new NmeaParser();
        long[] ok = {0};
        GnssTracker tracker = new GnssTracker(5_000_000_000L, System.currentTimeMillis());
        NmeaLineReader reader = new NmeaLineReader(s -> {
            tracker.accept(s, 0, 0);
            ok[0]++;
        });

        run("parser", WARMUP_NANOS, lines, parser, null, null);
        run("reader", WARMUP_NANOS, lines, null, reader, stream);
        double[] p = new double[ROUNDS];
        double[] r = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            p[i] = run("parser", ROUND_NANOS, lines, parser, null, null);
            r[i] = run("reader", ROUND_NANOS, lines, null, reader, stream);
        }
        System.out.printf("parser alone (GGA/RMC/GSA/VTG/GNS mix, %d-byte average): %s sentences/s per round%n", stream.length / lines.size(), fmt(p));
        System.out.printf("line reader + parser + fix tracker:                 %s sentences/s per round%n", fmt(r));
        System.out.println("sentences accepted by the tracker: " + ok[0]);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(String.format("%,.0f ", d));
        }
        return b.toString().strip();
    }

    /** @return sentences per second over one bounded period */
    private static double run(String what, long nanos, List<byte[]> lines, NmeaParser parser, NmeaLineReader reader, byte[] stream) {
        long start = System.nanoTime();
        long count = 0;
        int sink = 0;
        while (System.nanoTime() - start < nanos) {
            if (parser != null) {
                for (byte[] l : lines) {
                    sink += parser.parse(l, 0, l.length).ordinal();
                }
            } else {
                reader.feed(stream, 0, stream.length);
            }
            count += lines.size();
        }
        if (sink == 42) {
            System.out.print(""); // keeps the JIT from dropping the loop
        }
        return count * 1e9 / (System.nanoTime() - start);
    }

    private static List<byte[]> corpus(int n) {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String t = String.format("%02d%02d%02d.%02d", (i / 3600) % 24, (i / 60) % 60, i % 60, i % 100);
            String lat = String.format("48%02d.%05d", i % 60, (i * 7919) % 100000);
            String lon = String.format("011%02d.%05d", (i * 3) % 60, (i * 104729) % 100000);
            String body = switch (i % 5) {
                case 0 -> "GPGGA," + t + "," + lat + ",N," + lon + ",E,1,08,0.9,545.4,M,46.9,M,,";
                case 1 -> "GNRMC," + t + ",A," + lat + ",N," + lon + ",E,022.4,084.4,071226,003.1,W,A";
                case 2 -> "GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1";
                case 3 -> "GPVTG,054.7,T,034.4,M,005.5,N,010.2,K,A";
                default -> "GNGNS," + t + "," + lat + ",N," + lon + ",E,AA,13,0.9,25.63,11.24,,";
            };
            int sum = 0;
            for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
                sum ^= b;
            }
            lines.add(("$" + body + "*" + String.format("%02X", sum)).getBytes(StandardCharsets.US_ASCII));
        }
        return lines;
    }

    private static byte[] stream(List<byte[]> lines) {
        StringBuilder b = new StringBuilder();
        for (byte[] l : lines) {
            b.append(new String(l, StandardCharsets.US_ASCII)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
