package org.mviot.edge.driver.coap.internal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Response;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.driver.coap.internal.BenchAccess;

/**
 * Not a test: {@code bench/run.sh} runs it pinned to one core against libcoap's server on loopback.
 * (1) GET round trip through the driver ({@code DeviceConnection.read} of one channel of
 * {@code /time?ticks}): p50, p99, max. (2) Notification handling on the driver's side: a received
 * notification (a SenML pack of 4 records) to readings handed to the listener, per second; the UDP
 * receive is not in it (libcoap's server notifies once a second, too slowly to load a driver).
 * Bounded: a fixed count of each, and 60 s.
 */
public final class CoapBenchmark {

    private CoapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int gets = Integer.parseInt(args[1]);
        int notifications = Integer.parseInt(args[2]);
        long end = System.nanoTime() + 60_000_000_000L;
        Path conf = Files.createTempDirectory("coap-bench");
        BenchAccess driver = new BenchAccess(conf);
        try {
            DeviceDescriptor d = BenchAccess.device(uri, "ticks", ChannelType.INTEGER, "/time?ticks");
            long[] t = new long[gets];
            int done = 0;
            try (var c = driver.open(d)) {
                // warm-up as long as the measurement: the JIT (on the same pinned core) finishes compiling the path first
                for (int i = 0; i < gets && System.nanoTime() < end - 30_000_000_000L; i++) {
                    c.read(d.channels());
                }
                for (; done < gets && System.nanoTime() < end; done++) {
                    long s = System.nanoTime();
                    List<Reading> r = c.read(d.channels());
                    t[done] = System.nanoTime() - s;
                    if (r.get(0).value() == null) {
                        throw new IllegalStateException(r.toString());
                    }
                }
            }
            long[] sorted = Arrays.copyOf(t, done);
            Arrays.sort(sorted);
            System.out.printf("GET %s/time?ticks through the driver: %d requests, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", uri, done,
                    sorted[done / 2] / 1e6, sorted[(int) (done * 0.99)] / 1e6, sorted[done - 1] / 1e6);

            Response n = new Response(CoAP.ResponseCode.CONTENT);
            n.getOptions().setObserve(7).setMaxAge(60).setContentFormat(110);
            n.setPayload("[{\"bn\":\"urn:dev:1:\",\"n\":\"t\",\"v\":21.5},{\"n\":\"h\",\"v\":40},{\"n\":\"p\",\"v\":1013.2},{\"n\":\"door\",\"vb\":false}]"
                    .getBytes(StandardCharsets.UTF_8));
            long[] sink = new long[1];
            Runnable handle = BenchAccess.notificationHandler(n, sink);
            for (int i = 0; i < 200_000; i++) {
                handle.run();
            }
            long s = System.nanoTime();
            int k = 0;
            for (; k < notifications && System.nanoTime() < end; k++) {
                handle.run();
            }
            double secs = (System.nanoTime() - s) / 1e9;
            System.out.printf("notification (SenML pack, 4 channels) to readings: %d in %.2f s = %.0f notifications/s (%d readings)%n", k, secs, k / secs,
                    sink[0]);
        } finally {
            driver.close();
        }
    }
}
