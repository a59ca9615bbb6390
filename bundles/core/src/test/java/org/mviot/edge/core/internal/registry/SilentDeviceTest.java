package org.mviot.edge.core.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.testsupport.Await;

/**
 * A device that opens but never answers (a Modbus unit id nobody has): its driver's own reason reaches the status,
 * within a deadline the core derives from the driver's, and it is never reported online, through reconnects too.
 */
class SilentDeviceTest {

    /** Opens, declares 2 tries × 400 ms, then waits that long on every read and fails naming the unit. */
    static final class SilentDriver implements Driver {
        final List<Duration> deadlines = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public String name() {
            return "silent";
        }

        @Override
        public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) {
            listener.driverDeadline(Duration.ofMillis(800));
            deadlines.add(listener.readTimeout());
            return new DeviceConnection() {
                @Override
                public List<Reading> read(List<ChannelSpec> channels) throws DriverException, InterruptedException {
                    reads.incrementAndGet();
                    Thread.sleep(800); // the device's silence: 2 tries × 400 ms, longer than the core's setting of 500 ms
                    throw new DriverException("device 'pump' unit 9 on tcp 127.0.0.1:1502 did not answer (2 tries × 400 ms)");
                }

                @Override
                public void write(ChannelSpec channel, Object value) {
                }

                @Override
                public void subscribe(List<ChannelSpec> channels) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private final CoreExecutors executors = new CoreExecutors(2, 16);
    private final DeviceRegistry registry = new DeviceRegistry(executors, TimeBase.SYSTEM, new DeviceHandler.Timing(1000, 500, 500),
            new TwinMapper(new Uplink(1000)));

    @AfterEach
    void close() {
        registry.close();
        executors.close();
    }

    @Test
    void aSilentDeviceShowsItsDriversReasonIsNeverOnlineAndGetsADeadlineBeyondTheDrivers() throws Exception {
        List<DeviceStatus> seen = new CopyOnWriteArrayList<>();
        SilentDriver driver = new SilentDriver();
        registry.put(new DescriptorParser("org.example", k -> null).parse("pump.json",
                "{\"id\": \"pump\", \"driver\": \"silent\", \"channels\": [{\"name\": \"flow\", \"type\": \"double\", \"poll\": \"100ms\"}]}"));
        registry.driverAdded(driver);
        DeviceHandler pump = registry.device("pump").orElseThrow();
        // through at least one reconnect (five silent reads in a row)
        Await.until("a reopen after the silent reads", () -> {
            seen.add(pump.status());
            return driver.deadlines.size() >= 2;
        });
        Await.until("the driver's reason in the status", () -> {
            seen.add(pump.status());
            return pump.status().reason().contains("unit 9 on tcp 127.0.0.1:1502 did not answer (2 tries × 400 ms)");
        });
        assertThat(driver.deadlines).allSatisfy(d -> assertThat(d).isGreaterThan(Duration.ofMillis(800)));
        assertThat(seen).extracting(DeviceStatus::state).doesNotContain(DeviceStatus.State.ONLINE, DeviceStatus.State.DEGRADED);
        assertThat(seen).extracting(DeviceStatus::reason).noneMatch(r -> r.contains("timed out"));
        assertThat(pump.status().state()).isEqualTo(DeviceStatus.State.OFFLINE);
    }
}
