package org.mviot.edge.core.bench;

import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.pipeline.DevicePipeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Edge pipeline + twin mapping throughput on one thread (issue 3: at least 2,000,000 samples/s, and
 * no allocation per dropped sample).
 *
 * <p>Run: {@code mvn -B -q -Pbench -pl bundles/core-bench -am package -DskipTests &&
 * java -jar bundles/core-bench/target/benchmarks.jar -prof gc}
 *
 * <ul>
 * <li>{@code dropInsideDeadband}: every sample falls inside the deadband (report by exception, the common case);</li>
 * <li>{@code mixed}: a four-channel device (scale, alarm, deadband, min interval, a derived channel) where about
 *     one sample in ten survives and becomes a property change in the uplink, flushed every 10,000 samples;</li>
 * <li>{@code passEverything}: no stages, every sample becomes a property change (the worst case).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class PipelineBenchmark {

    private static final String DEVICE = """
            {"id": "bench", "driver": "sim", "channels": [
              {"name": "t", "type": "integer", "poll": "1s", "scale": 0.1, "offset": -40,
               "stages": [{"kind": "alarm", "high": 80, "hysteresis": 1}, {"kind": "deadband", "absolute": 0.5}]},
              {"name": "p", "type": "double", "poll": "1s", "stages": [{"kind": "deadband", "percent": 2}, {"kind": "minInterval", "interval": "10ms"}]},
              {"name": "u", "type": "double", "poll": "1s", "stages": [{"kind": "deadband", "absolute": 1}]},
              {"name": "i", "type": "double", "poll": "1s", "stages": [{"kind": "deadband", "absolute": 0.1}]},
              {"name": "raw", "type": "double", "poll": "1s"}
            ],
            "derived": [{"name": "power", "expression": "u * i", "stages": [{"kind": "deadband", "absolute": 10}]}]}""";

    private DevicePipeline pipeline;
    private Uplink uplink;
    private long n;

    /** Builds a device pipeline feeding the twin mapper and an uplink with a publisher that takes everything. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        DeviceConfig config = new DescriptorParser("org.example", k -> null).parse("bench.json", DEVICE);
        uplink = new Uplink(1_000_000);
        uplink.addPublisher(u -> true);
        TwinMapper mapper = new TwinMapper(uplink);
        pipeline = new DevicePipeline(config, mapper.attach(config));
        uplink.flush();
    }

    /** @return the sample counter (consumed so the JIT keeps the work) */
    @Benchmark
    public long dropInsideDeadband() {
        long k = n++;
        // value wobbles by 0.04 around 25.0: always inside the 0.5 deadband after the first
        pipeline.numeric(2, 25.0 + (k & 3) * 0.01, k, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        return k;
    }

    /** @return the sample counter */
    @Benchmark
    public long mixed() {
        long k = n++;
        int ch = (int) (k & 3);
        double v = switch (ch) {
            case 0 -> 650 + (k % 97);              // raw integer, scaled, crosses the deadband now and then
            case 1 -> 1.5 + (k % 1000) * 0.0001;   // pressure drifting within 2 %
            case 2 -> 230 + ((k >> 6) & 7);        // voltage stepping by 1 V every 64 samples
            default -> 2 + ((k >> 8) & 3) * 0.05;  // current
        };
        pipeline.numeric(ch, v, k, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        if ((k % 10_000) == 0) {
            uplink.flush();
        }
        return k;
    }

    /** @return the sample counter */
    @Benchmark
    public long passEverything() {
        long k = n++;
        pipeline.numeric(4, k, k, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        if ((k % 10_000) == 0) {
            uplink.flush();
        }
        return k;
    }
}
