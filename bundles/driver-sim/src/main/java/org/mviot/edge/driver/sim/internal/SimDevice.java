package org.mviot.edge.driver.sim.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;

/**
 * An open simulated device. Connection setting {@code latency} delays every read and write (to
 * try timeouts); {@code fail.reads=true} makes every read fail (to try degraded status).
 */
final class SimDevice implements DeviceConnection {

    private final DeviceDescriptor device;
    private final DeviceListener listener;
    private final ScheduledExecutorService events;
    private final Map<String, Signal> signals;
    private final Map<String, Duration> intervals;
    private final long latencyMillis;
    private final boolean failReads;
    private final List<ScheduledFuture<?>> subscriptions = new ArrayList<>();

    SimDevice(DeviceDescriptor device, SimSettings settings, DeviceListener listener, ScheduledExecutorService events) {
        this.device = device;
        this.listener = listener;
        this.events = events;
        this.signals = settings.signals();
        this.intervals = settings.intervals();
        this.latencyMillis = settings.latency().toMillis();
        this.failReads = settings.failReads();
    }

    @Override
    public List<Reading> read(List<ChannelSpec> channels) throws DriverException, InterruptedException {
        simulateLatency();
        if (failReads) {
            throw new DriverException("device '" + device.id() + "': simulated read failure (connection setting fail.reads)");
        }
        long now = System.currentTimeMillis();
        List<Reading> out = new ArrayList<>(channels.size());
        synchronized (this) {
            for (ChannelSpec c : channels) {
                Signal s = signals.get(c.name());
                // the channel-checked form: a signal of the wrong type would fail here, naming the channel
                out.add(s == null ? Reading.failed(c.name(), "no such channel on device '" + device.id() + "'")
                        : Reading.good(c, s.read(now)));
            }
        }
        return out;
    }

    @Override
    public void write(ChannelSpec channel, Object value) throws DriverException, InterruptedException {
        simulateLatency();
        Signal s = signals.get(channel.name());
        if (s == null) {
            throw new DriverException("device '" + device.id() + "' has no channel '" + channel.name() + "'");
        }
        synchronized (this) {
            try {
                s.write(value);
            } catch (IllegalStateException e) {
                throw new DriverException("device '" + device.id() + "' channel '" + channel.name() + "': the simulated signal is read-only; use signal setpoint");
            }
        }
    }

    @Override
    public synchronized void subscribe(List<ChannelSpec> channels) {
        subscriptions.forEach(f -> f.cancel(false));
        subscriptions.clear();
        for (ChannelSpec c : channels) {
            long every = intervals.getOrDefault(c.name(), Duration.ofSeconds(1)).toMillis();
            Signal s = signals.get(c.name());
            if (s == null) {
                continue;
            }
            subscriptions.add(events.scheduleAtFixedRate(() -> {
                Object v;
                synchronized (this) {
                    v = s.read(System.currentTimeMillis());
                }
                listener.onReading(Reading.good(c, v));
            }, every, every, TimeUnit.MILLISECONDS));
        }
    }

    private void simulateLatency() throws InterruptedException {
        if (latencyMillis > 0) {
            Thread.sleep(latencyMillis); // the simulated device's own slowness, not synchronization
        }
    }

    @Override
    public synchronized void close() {
        subscriptions.forEach(f -> f.cancel(false));
        subscriptions.clear();
    }
}
