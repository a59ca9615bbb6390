package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Reading;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;

/**
 * The driver's side of an edge allocates nothing: from Pi4J's listener call through timestamp,
 * debounce, edge filter and pulse count to the core's {@link DeviceListener}. Counted with the JVM's
 * per-thread allocation counter around a bounded run of edges, after a warm-up. Pi4J's own
 * {@link DigitalStateChangeEvent} per edge is made before our code runs: the test hands the driver
 * two events made once, so only our code is counted (bench/run.sh prints both figures).
 */
class EdgeAllocationTest {

    private static final int WARM_UP = 50_000;
    private static final int EDGES = 100_000;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final EdgeClock clock = new EdgeClock() {
        @Override
        public long millis() {
            return 1_700_000_000_000L + nanos.get() / 1_000_000;
        }

        @Override
        public long nanos() {
            return nanos.get();
        }
    };
    private final GpioDriver driver = new GpioDriver(GpioDriverTest.config("mock", BoardPinsTest.PI_HEADER), clock, null);

    /** Counts the primitive pushes; a {@link Reading} would mean the driver made one. */
    private static final class CountingListener implements DeviceListener {
        long levels;
        long counts;
        long lastCount;
        long readings;

        @Override
        public void onValue(ChannelSpec channel, boolean value, long deviceTimestamp) {
            levels++;
        }

        @Override
        public void onValue(ChannelSpec channel, long value, long deviceTimestamp) {
            counts++;
            lastCount = value;
        }

        @Override
        public void onReading(Reading reading) {
            readings++;
        }

        @Override
        public void onStatus(DeviceStatus status) {
        }
    }

    @AfterEach
    void stop() {
        driver.deactivate();
    }

    private static ChannelSpec event(String name, ChannelType type, Map<String, String> address) {
        return new ChannelSpec(name, type, "", Access.READ, Acquisition.event(), Range.UNBOUNDED, address, "");
    }

    @Test
    void edgesOfAnInputACounterAndADebouncedInputAllocateNoBytesInTheDriver() throws Exception {
        ChannelSpec door = event("door", ChannelType.BOOLEAN, Map.of("mode", "input", "pin", "17", "edge", "both", "debounce", "0ms"));
        ChannelSpec energy = event("energy", ChannelType.INTEGER, Map.of("mode", "counter", "pin", "27", "edge", "both", "debounce", "0ms"));
        ChannelSpec button = event("button", ChannelType.BOOLEAN, Map.of("mode", "input", "pin", "22", "edge", "both", "debounce", "5ms"));
        CountingListener listener = new CountingListener();
        GpioDevice device = (GpioDevice) driver.open(new DeviceDescriptor("panel", "gpio", "", Map.of(), List.of(door, energy, button)), listener);
        device.subscribe(List.of(door, energy, button));
        WatchedInput[] pins = {device.watched(17), device.watched(27), device.watched(22)};
        DigitalStateChangeEvent[][] edges = new DigitalStateChangeEvent[3][];
        int[] bcm = {17, 27, 22};
        for (int p = 0; p < 3; p++) {
            DigitalInput in = driver.pi4j().registry().get("gpio" + bcm[p], DigitalInput.class);
            edges[p] = new DigitalStateChangeEvent[] {new DigitalStateChangeEvent<>(in, DigitalState.HIGH), new DigitalStateChangeEvent<>(in, DigitalState.LOW)};
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("this JVM counts allocated bytes per thread").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);

        run(pins, edges, WARM_UP);
        long levelsBefore = listener.levels;
        long countsBefore = listener.counts;
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        run(pins, edges, EDGES);
        long allocated = threads.getThreadAllocatedBytes(tid) - before;

        // every edge of the three pins reached the core: the measured loop did the work
        assertThat(listener.levels - levelsBefore).isEqualTo(2L * EDGES);
        assertThat(listener.counts - countsBefore).isEqualTo(EDGES);
        assertThat(listener.lastCount).isEqualTo(WARM_UP + EDGES);
        assertThat(listener.readings).isZero();
        // one object per edge would be at least 16 bytes × 300,000 edges; the allowance is for the counter's own calls
        assertThat(allocated).as("bytes allocated by %d edges on three pins", 3 * EDGES).isLessThan(1024);
    }

    /** Alternating edges on each pin, 10 ms apart on the test's clock: beyond the 5 ms debounce window, so no bounce. */
    private void run(WatchedInput[] pins, DigitalStateChangeEvent[][] edges, int n) {
        for (int i = 0; i < n; i++) {
            nanos.addAndGet(10_000_000);
            for (int p = 0; p < pins.length; p++) {
                pins[p].onDigitalStateChange(edges[p][i % 2]);
            }
        }
    }
}
