package org.mviot.edge.core.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.testsupport.Await;

/** Every property change a device's sample becomes carries the quality of its timestamp (issue 12). */
class SampleTimeQualityTest {

    /**
     * A clock that synchronizes when the test says so: timestamps from then on are synced with a
     * known error bound; earlier ones are before the first sync.
     */
    static final class SyncableTime implements TimeBase {
        volatile long syncedAt = Long.MAX_VALUE;

        void sync() {
            syncedAt = System.currentTimeMillis();
        }

        @Override
        public long now() {
            return System.currentTimeMillis();
        }

        @Override
        public TimeSource source() {
            return sourceAt(now());
        }

        @Override
        public TimeSource sourceAt(long t) {
            return t >= syncedAt ? TimeSource.SYNCED : TimeSource.SYSTEM_CLOCK;
        }

        @Override
        public long uncertaintyMillisAt(long t) {
            return t >= syncedAt ? 7 : -1;
        }

        @Override
        public boolean beforeFirstSync(long t) {
            return t < syncedAt;
        }
    }

    private static final String DESCRIPTOR = """
            {"id": "boiler", "driver": "fake", "channels": [{"name": "temp", "type": "double", "poll": "20ms"}]}""";

    private final SyncableTime time = new SyncableTime();
    private final CoreExecutors executors = new CoreExecutors(2, 16);
    private final Uplink uplink = new Uplink(1000);
    private final TwinMapper mapper = new TwinMapper(uplink, time);
    private final DeviceRegistry registry = new DeviceRegistry(executors, time, new DeviceHandler.Timing(1000, 1000, 300), mapper);
    private final List<TwinUpdate> published = new CopyOnWriteArrayList<>();
    private final DeviceRegistryTest.FakeDriver driver = new DeviceRegistryTest.FakeDriver();

    @AfterEach
    void close() {
        registry.close();
        executors.close();
    }

    private List<PropertyChange> temps() {
        uplink.flush();
        List<PropertyChange> out = new ArrayList<>();
        for (TwinUpdate u : published) {
            if (u instanceof TwinUpdate.Changes c) {
                c.changes().stream().filter(p -> p.feature().equals("temp")).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void aSampleTakenBeforeTheFirstSyncIsFlaggedAndOneTakenAfterCarriesTheClocksErrorBound() throws Exception {
        uplink.addPublisher(published::add);
        registry.put(new DescriptorParser("org.example", k -> null).parse("boiler.json", DESCRIPTOR));
        registry.driverAdded(driver);
        Await.until("a sample before the sync", () -> !temps().isEmpty());
        PropertyChange before = temps().get(0);
        assertThat(before.timeSource()).isEqualTo(TimeSource.SYSTEM_CLOCK);
        assertThat(before.beforeFirstSync()).isTrue();
        assertThat(before.uncertaintyMillis()).isEqualTo(-1);

        time.sync();
        driver.values.put("temp", 30.0); // a new value, so the sample is reported
        // the new value, not merely a timestamp at or after the sync: a read that completed in the sync's own
        // millisecond, just before it, carries that millisecond and was judged unsynchronized, rightly
        Await.until("a sample after the sync", () -> temps().stream().anyMatch(p -> Double.valueOf(30.0).equals(p.value())));
        PropertyChange after = temps().stream().filter(p -> Double.valueOf(30.0).equals(p.value())).findFirst().orElseThrow();
        assertThat(after.timeSource()).isEqualTo(TimeSource.SYNCED);
        assertThat(after.beforeFirstSync()).isFalse();
        assertThat(after.uncertaintyMillis()).isEqualTo(7);
    }

    @Test
    void aValueStampedByTheDeviceItselfIsNeitherFlaggedNorGivenTheGatewayClocksBound() {
        var stamping = new org.mviot.edge.core.internal.mapping.TimeStamping(time);
        PropertyChange c = stamping.change("temp", "value", 1.0, 1_000L, org.mviot.edge.api.sample.Quality.GOOD, TimeSource.DEVICE);
        assertThat(c.beforeFirstSync()).isFalse();
        assertThat(c.uncertaintyMillis()).isEqualTo(-1);
        assertThat(stamping.change("temp", "value", 1.0, 1_000L, org.mviot.edge.api.sample.Quality.GOOD, TimeSource.SYSTEM_CLOCK)
                .beforeFirstSync()).isTrue();
    }
}
