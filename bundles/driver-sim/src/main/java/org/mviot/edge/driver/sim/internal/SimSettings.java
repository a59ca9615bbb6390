package org.mviot.edge.driver.sim.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.DriverSettings;

/**
 * A simulated device's settings, read and checked in one pass with the api's {@link DriverSettings}:
 * every wrong key of the device is reported at once, at its key path.
 *
 * <p>Connection keys: {@code latency} (a duration, default none) delays every read and write, to
 * try timeouts; {@code fail.reads} and {@code fail.open} ({@code true}/{@code false}) make reads or
 * opening fail, to try the degraded and offline states. Address keys: {@code signal} and its own
 * keys (see {@link Signal#of}), and {@code interval} (a duration, default 1s) for event channels.
 *
 * @param latency   delay of every read and write
 * @param failReads whether every read fails
 * @param failOpen  whether opening fails
 * @param signals   a fresh signal per channel name
 * @param intervals how often each event channel pushes, per channel name
 */
record SimSettings(Duration latency, boolean failReads, boolean failOpen, Map<String, Signal> signals, Map<String, Duration> intervals) {

    private static final Duration DAY = Duration.ofDays(1);

    /**
     * @param device the descriptor
     * @return its settings, with new signals (a counter starts again)
     * @throws DriverException carrying every wrong setting, each at its key path
     */
    static SimSettings read(DeviceDescriptor device) throws DriverException {
        DriverSettings s = DriverSettings.of(device);
        DriverSettings.Section c = s.connection();
        c.onlyKeys("latency", "fail.reads", "fail.open");
        Duration latency = c.duration("latency", Duration.ZERO, Duration.ZERO, DAY);
        boolean failReads = c.flag("fail.reads", false);
        boolean failOpen = c.flag("fail.open", false);
        Map<String, Signal> signals = new LinkedHashMap<>();
        Map<String, Duration> intervals = new LinkedHashMap<>();
        for (ChannelSpec ch : device.channels()) {
            DriverSettings.Section a = s.address(ch);
            Signal signal = Signal.of(ch, a);
            if (ch.access().writable() && a.has("signal") && !(signal instanceof Signal.Setpoint)) {
                a.problem("signal", "only a setpoint can be written; make the channel read-only or its signal setpoint");
            }
            signals.put(ch.name(), signal);
            intervals.put(ch.name(), a.duration("interval", Duration.ofSeconds(1), Duration.ofMillis(1), DAY));
        }
        s.check();
        return new SimSettings(latency, failReads, failOpen, Map.copyOf(signals), Map.copyOf(intervals));
    }
}
