package org.mviot.edge.core.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.mapping.UplinkFlusher;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.ManualScheduler;

/** A driver's primitive push ({@code DeviceListener.onValue}) becomes the same twin update as a good reading would. */
class PushedValueTest {

    private static final String DESCRIPTOR = """
            {"id": "panel", "driver": "pusher", "channels": [
              {"name": "button", "type": "boolean", "event": true},
              {"name": "pulses", "type": "integer", "event": true},
              {"name": "rate", "type": "double", "event": true}
            ]}""";

    /** Opens every device and hands its listener and channels to the test. */
    private static final class PushingDriver implements Driver {
        final AtomicReference<DeviceListener> listener = new AtomicReference<>();
        final List<ChannelSpec> subscribed = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "pusher";
        }

        @Override
        public DeviceConnection open(DeviceDescriptor device, DeviceListener l) {
            listener.set(l);
            return new DeviceConnection() {
                @Override
                public List<Reading> read(List<ChannelSpec> channels) {
                    return List.of();
                }

                @Override
                public void write(ChannelSpec channel, Object value) {
                }

                @Override
                public void subscribe(List<ChannelSpec> channels) {
                    subscribed.addAll(channels);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private final CoreExecutors executors = new CoreExecutors(2, 16);
    private final Uplink uplink = new Uplink(1000);
    private final DeviceRegistry registry = new DeviceRegistry(executors, TimeBase.SYSTEM, new DeviceHandler.Timing(1000, 1000, 300),
            new TwinMapper(uplink));
    private final List<TwinUpdate> published = new CopyOnWriteArrayList<>();
    private final PushingDriver driver = new PushingDriver();

    @AfterEach
    void close() {
        registry.close();
        executors.close();
    }

    private List<PropertyChange> changes() {
        uplink.flush();
        List<PropertyChange> out = new ArrayList<>();
        for (TwinUpdate u : published) {
            if (u instanceof TwinUpdate.Changes c) {
                out.addAll(c.changes());
            }
        }
        return out;
    }

    private ChannelSpec channel(String name) {
        return driver.subscribed.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void primitiveValuesPushedByADriverBecomeTwinChangesWithTheTimeTheDeviceSawThem() throws Exception {
        uplink.addPublisher(published::add);
        registry.put(new DescriptorParser("org.example", k -> null).parse("panel.json", DESCRIPTOR));
        registry.driverAdded(driver);
        Await.until("the device subscribed its event channels", () -> driver.subscribed.size() == 3);
        DeviceListener l = driver.listener.get();
        // the device is taken as open once it subscribed; pushes before the core saw the connection are dropped, so repeat until one lands
        Await.until("the first push taken", () -> {
            l.onValue(channel("button"), true, 1_700_000_000_123L);
            return changes().stream().anyMatch(p -> p.feature().equals("button"));
        });
        l.onValue(channel("pulses"), 4_000_000_000L, 1_700_000_000_200L);
        l.onValue(channel("rate"), 2.5, 1_700_000_000_300L);

        List<PropertyChange> all = changes();
        assertThat(all).filteredOn(p -> p.feature().equals("button")).first()
                .extracting(PropertyChange::value, PropertyChange::timestamp, PropertyChange::timeSource)
                .containsExactly(true, 1_700_000_000_123L, TimeSource.DEVICE);
        assertThat(all).filteredOn(p -> p.feature().equals("pulses")).singleElement()
                .extracting(PropertyChange::value, PropertyChange::timestamp).containsExactly(4_000_000_000L, 1_700_000_000_200L);
        assertThat(all).filteredOn(p -> p.feature().equals("rate")).singleElement()
                .extracting(PropertyChange::value, PropertyChange::timestamp).containsExactly(2.5, 1_700_000_000_300L);
    }

    @Test
    void aPushedValueIsFlushedOnTheDriversThreadWhenTheRateLimitAllowsWithoutWaitingForTheScheduler() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(); // runs nothing unless the test moves its clock
        uplink.flushSignal(new UplinkFlusher(uplink, scheduler, 100, 10, scheduler::now));
        List<String> threads = new CopyOnWriteArrayList<>();
        uplink.addPublisher(u -> threads.add(Thread.currentThread().getName()) && published.add(u));
        registry.put(new DescriptorParser("org.example", k -> null).parse("panel.json", DESCRIPTOR));
        registry.driverAdded(driver);
        Await.until("the device subscribed its event channels", () -> driver.subscribed.size() == 3);
        DeviceListener l = driver.listener.get();
        Await.until("the first push taken", () -> {
            l.onValue(channel("button"), true, 1_700_000_000_123L);
            return !published.isEmpty();
        });
        scheduler.advanceMillis(10); // the minimum interval since that flush
        published.clear();
        threads.clear();

        l.onValue(channel("button"), false, 1_700_000_000_456L);

        assertThat(threads).as("published before onValue returned, on the pushing thread").containsExactly(Thread.currentThread().getName());
        assertThat(published).singleElement().isInstanceOfSatisfying(TwinUpdate.Changes.class, c -> assertThat(c.changes())
                .extracting(PropertyChange::feature, PropertyChange::value).containsExactly(org.assertj.core.groups.Tuple.tuple("button", false)));
    }
}
