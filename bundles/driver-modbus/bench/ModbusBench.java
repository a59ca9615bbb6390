import java.time.Duration;
import java.util.ArrayList;
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
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.driver.modbus.internal.ModbusDriver;

/**
 * Benchmark, not a test: registers per second with the block planner against one register per
 * request, and request round trip p50/p99, against a pymodbus TCP server on loopback. Run by
 * bench/run.sh, which pins this JVM to core 0 and the server to core 1.
 */
public final class ModbusBench {

    private static final int REGISTERS = 1000;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ModbusDriver driver = new ModbusDriver(new ModbusDriver.Config() {
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ModbusDriver.Config.class;
            }

            public int connectTimeoutMillis() {
                return 2000;
            }

            public int busWaitMillis() {
                return 2000;
            }
        }, null);
        List<ChannelSpec> channels = new ArrayList<>();
        for (int i = 0; i < REGISTERS; i++) {
            channels.add(new ChannelSpec("r" + i, ChannelType.INTEGER, "", Access.READ, Acquisition.poll(Duration.ofMillis(100)),
                    Range.UNBOUNDED, Map.of("table", "holding", "register", Integer.toString(i), "type", "uint16"), ""));
        }
        DeviceListener quiet = new DeviceListener() {
            public void onReading(Reading r) {
            }

            public void onStatus(DeviceStatus s) {
            }
        };
        for (String merge : List.of("true", "false")) {
            DeviceConnection c = driver.open(new DeviceDescriptor("bench", "modbus", "", Map.of("host", "127.0.0.1",
                    "port", Integer.toString(port), "merge", merge, "timeout", "2s"), channels), quiet);
            poll(c, channels, 3); // warm up
            int n = "true".equals(merge) ? rounds * 10 : rounds;
            long t0 = System.nanoTime();
            poll(c, channels, n);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%-28s %8.0f registers/s  (%d polls of %d registers in %.2f s, %.2f ms per poll)%n",
                    "true".equals(merge) ? "block planner (125/request)" : "one register per request", n * (double) REGISTERS / secs,
                    n, REGISTERS, secs, secs * 1000 / n);
            c.close();
        }
        // round trip of single-register requests
        List<ChannelSpec> one = channels.subList(0, 1);
        DeviceConnection c = driver.open(new DeviceDescriptor("rtt", "modbus", "", Map.of("host", "127.0.0.1",
                "port", Integer.toString(port), "timeout", "2s"), one), quiet);
        poll(c, one, 500);
        int samples = 5000;
        long[] rtt = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            c.read(one);
            rtt[i] = System.nanoTime() - t;
        }
        Arrays.sort(rtt);
        System.out.printf("round trip of one read (%d requests): p50 %.0f us, p99 %.0f us, max %.0f us%n", samples,
                rtt[samples / 2] / 1e3, rtt[(int) (samples * 0.99)] / 1e3, rtt[samples - 1] / 1e3);
        // block read of 125 registers
        List<ChannelSpec> block = channels.subList(0, 125);
        DeviceConnection b = driver.open(new DeviceDescriptor("rtt125", "modbus", "", Map.of("host", "127.0.0.1",
                "port", Integer.toString(port), "timeout", "2s"), block), quiet);
        poll(b, block, 200);
        for (int i = 0; i < samples / 5; i++) {
            long t = System.nanoTime();
            b.read(block);
            rtt[i] = System.nanoTime() - t;
        }
        Arrays.sort(rtt, 0, samples / 5);
        System.out.printf("round trip of one 125-register block read (%d requests): p50 %.0f us, p99 %.0f us%n", samples / 5,
                rtt[samples / 10] / 1e3, rtt[(int) (samples / 5 * 0.99)] / 1e3);
        c.close();
        b.close();
        driver.deactivate();
    }

    private static void poll(DeviceConnection c, List<ChannelSpec> channels, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            for (Reading r : c.read(channels)) {
                if (r.quality() != Quality.GOOD) {
                    throw new IllegalStateException(r.channel() + ": " + r.error());
                }
            }
        }
    }
}
