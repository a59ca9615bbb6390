package org.mviot.edge.driver.gpio.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Reading;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

/**
 * Benchmark of the driver's edge path on Pi4J's mock provider (not a test: run by
 * {@code bench/run.sh}): a mock input edge → Pi4J listener → timestamp, debounce, edge filter →
 * {@code Reading} handed to the core's {@code DeviceListener}. Measures edges per second flat out,
 * and the latency of that path at a paced 1,000 edges/s. Bounded: {@code EDGES} edges flat out,
 * {@code PACED} paced edges.
 */
public final class EdgeBench {

    private EdgeBench() {
    }

    /**
     * @param args {@code [edges] [paced]}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int edges = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int paced = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        GpioDriver driver = new GpioDriver(GpioDriverTest.config("mock", BoardPinsTest.PI_HEADER), EdgeClock.SYSTEM, null);
        ChannelSpec ch = new ChannelSpec("in", ChannelType.BOOLEAN, "", Access.READ, Acquisition.event(), Range.UNBOUNDED,
                Map.of("mode", "input", "pin", "17", "edge", "both", "debounce", "0ms"), "");
        long[] seen = new long[1];
        long[] count = new long[1];
        DeviceConnection c = driver.open(new DeviceDescriptor("bench", "gpio", "", Map.of(), List.of(ch)), new DeviceListener() {
            @Override
            public void onReading(Reading r) {
                seen[0] = System.nanoTime();
                count[0]++;
            }

            @Override
            public void onStatus(DeviceStatus s) {
            }
        });
        c.subscribe(List.of(ch));
        MockDigitalInput in = driver.pi4j().registry().get("gpio17", MockDigitalInput.class);
        boolean high = false;
        // warm-up
        for (int i = 0; i < 200_000; i++) {
            high = !high;
            in.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
        }
        count[0] = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < edges; i++) {
            high = !high;
            in.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
        }
        long t1 = System.nanoTime();
        System.out.printf("flat out: %d edges (%d readings) in %.1f ms = %.0f edges/s%n", edges, count[0], (t1 - t0) / 1e6,
                edges / ((t1 - t0) / 1e9));

        long[] lat = new long[paced];
        long period = Duration.ofMillis(1).toNanos();
        long next = System.nanoTime();
        for (int i = 0; i < paced; i++) {
            next += period;
            while (System.nanoTime() < next) {
                Thread.onSpinWait(); // pacing of the load generator, not synchronization
            }
            high = !high;
            long before = System.nanoTime();
            in.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
            lat[i] = seen[0] - before;
        }
        Arrays.sort(lat);
        System.out.printf("paced 1000 edges/s, %d edges: edge -> reading handed to the core p50 %.1f µs, p99 %.1f µs, max %.1f µs%n", paced,
                lat[paced / 2] / 1e3, lat[(int) (paced * 0.99)] / 1e3, lat[paced - 1] / 1e3);
        c.close();
        driver.deactivate();
    }
}
