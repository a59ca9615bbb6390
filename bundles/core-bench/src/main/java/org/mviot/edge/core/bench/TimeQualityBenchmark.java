package org.mviot.edge.core.bench;

import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.core.internal.acquisition.GatewayClockTime;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.pipeline.DevicePipeline;
import org.mviot.edge.timesync.internal.clock.SlewedClock;
import org.mviot.edge.timesync.internal.clock.SyncedClock;
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
 * What a sample pays for its time quality (issue 12: goal ≤ 50 ns added per sample). Every sample
 * passes a pipeline without stages and becomes a property change in the uplink (the worst case: each
 * sample is judged), flushed every 10,000 samples, on one thread, through the core's real time base
 * ({@link GatewayClockTime}) over the real gateway clock ({@link SyncedClock}, synchronized once):
 * <ul>
 * <li>{@code deviceTime}: samples stamped by the device: the change carries no gateway quality, so no
 * clock is asked — what every sample cost before time quality existed;</li>
 * <li>{@code gatewayTime}: samples stamped by the gateway clock: each change asks the clock for the
 * timestamp's error bound and whether it precedes the first sync.</li>
 * </ul>
 * The difference of the two average times is the added cost per sample.
 *
 * <p>Run: {@code sh bundles/core-bench/time-quality.sh} (builds, pins to one core, average time per sample).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class TimeQualityBenchmark {

    private static final String DEVICE = """
            {"id": "bench", "driver": "sim", "channels": [{"name": "raw", "type": "double", "poll": "1s"}]}""";

    private DevicePipeline pipeline;
    private Uplink uplink;
    private long n;
    private long base;

    /** A device pipeline feeding the twin mapper over the gateway clock, synchronized with a 3 ms bound. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SyncedClock clock = new SyncedClock(SlewedClock.system(50_000), System::nanoTime, TimeUnit.HOURS.toNanos(1), 50, 1_000_000_000L);
        clock.synced("ntp", "bench", 2, 1_000_000L, 100_000L, 3_000_000L, System.nanoTime());
        GatewayClockTime time = new GatewayClockTime();
        time.set(clock); // the timesync bundle's own clock, as the core receives it as a service
        base = clock.currentTimeMillis();
        DeviceConfig config = new DescriptorParser("org.example", k -> null).parse("bench.json", DEVICE);
        uplink = new Uplink(1_000_000);
        uplink.addPublisher(u -> true);
        pipeline = new DevicePipeline(config, new TwinMapper(uplink, time).attach(config));
        uplink.flush();
    }

    /** @return the sample counter */
    @Benchmark
    public long deviceTime() {
        long k = n++;
        pipeline.numeric(0, k, base + k, Quality.GOOD, TimeSource.DEVICE);
        if (k % 10_000 == 0) {
            uplink.flush();
        }
        return k;
    }

    /** @return the sample counter */
    @Benchmark
    public long gatewayTime() {
        long k = n++;
        pipeline.numeric(0, k, base + k, Quality.GOOD, TimeSource.SYNCED);
        if (k % 10_000 == 0) {
            uplink.flush();
        }
        return k;
    }
}
