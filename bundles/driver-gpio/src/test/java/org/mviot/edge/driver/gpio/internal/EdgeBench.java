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
 * {@code DeviceListener.onValue} of the core. Measures edges per second flat out (with the bytes
 * allocated per edge, through Pi4J's mock and from Pi4J's listener call on), and the latency of that
 * path at a paced 1,000 edges/s. Bounded: {@code EDGES} edges flat out,
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
            public void onValue(ChannelSpec channel, boolean value, long deviceTimestamp) {
                seen[0] = System.nanoTime();
                count[0]++;
            }

            @Override
            public void onReading(Reading r) {
                throw new AssertionError("the driver made a Reading for an edge");
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
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long b0 = threads.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        for (int i = 0; i < edges; i++) {
            high = !high;
            in.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
        }
        long t1 = System.nanoTime();
        long bytes = threads.getThreadAllocatedBytes(tid) - b0;
        System.out.printf("flat out: %d edges (%d pushed) in %.1f ms = %.0f edges/s; %.1f bytes allocated per edge (Pi4J's mock and event included)%n",
                edges, count[0], (t1 - t0) / 1e6, edges / ((t1 - t0) / 1e9), (double) bytes / edges);
        // the driver alone: Pi4J's listener call with an event made once (what EdgeAllocationTest asserts)
        WatchedInput watched = ((GpioDevice) c).watched(17);
        com.pi4j.io.gpio.digital.DigitalStateChangeEvent<?>[] events = {new com.pi4j.io.gpio.digital.DigitalStateChangeEvent<>(in, DigitalState.HIGH),
            new com.pi4j.io.gpio.digital.DigitalStateChangeEvent<>(in, DigitalState.LOW)};
        b0 = threads.getThreadAllocatedBytes(tid);
        t0 = System.nanoTime();
        for (int i = 0; i < edges; i++) {
            watched.onDigitalStateChange(events[i & 1]);
        }
        t1 = System.nanoTime();
        bytes = threads.getThreadAllocatedBytes(tid) - b0;
        System.out.printf("driver only (from Pi4J's listener call): %d edges in %.1f ms = %.0f edges/s; %.1f bytes allocated per edge%n",
                edges, (t1 - t0) / 1e6, edges / ((t1 - t0) / 1e9), (double) bytes / edges);

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
        System.out.printf("paced 1000 edges/s, %d edges: edge -> pushed to the core p50 %.1f µs, p99 %.1f µs, max %.1f µs%n", paced,
                lat[paced / 2] / 1e3, lat[(int) (paced * 0.99)] / 1e3, lat[paced - 1] / 1e3);
        c.close();
        driver.deactivate();
    }
}
