package org.mviot.edge.driver.sim.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DurationSyntax;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated driver, named {@code sim}: each channel's {@code address.signal} chooses sine, ramp,
 * square (or toggle), randomwalk, counter or setpoint (writable, echoes back). Event channels push
 * every {@code address.interval} from one shared thread. Connection setting {@code fail.open=true}
 * makes opening fail, to try the offline status. The settings are read with the api's
 * {@code DriverSettings} ({@link SimSettings}): the worked example of the driver guide.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=sim")
public final class SimDriver implements Driver {

    private static final Logger LOG = LoggerFactory.getLogger(SimDriver.class);

    private final ScheduledThreadPoolExecutor events;

    /** Starts the event thread. */
    @Activate
    public SimDriver() {
        events = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-sim-events");
            t.setDaemon(true);
            return t;
        });
        events.setRemoveOnCancelPolicy(true);
    }

    /** Stops the event thread. */
    @Deactivate
    void deactivate() {
        events.shutdownNow();
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public void validate(DeviceDescriptor device) throws DriverException {
        SimSettings.read(device);
    }

    @Override
    public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) throws DriverException {
        SimSettings settings = SimSettings.read(device);
        if (settings.failOpen()) {
            throw new DriverException("device '" + device.id() + "': simulated connection refused (connection setting fail.open)");
        }
        latencyWarning(device.id(), settings.latency(), listener.readTimeout()).ifPresent(LOG::warn);
        LOG.debug("simulated device {} opened", device.id());
        return new SimDevice(device, settings, listener, events);
    }

    /**
     * What a real driver does with the core's read deadline: it compares its own waits with it. A
     * simulated latency at or above the deadline makes every read time out in the core; that is
     * what the setting is for, but it is said once, plainly, instead of only as timeouts.
     *
     * @param device      device id
     * @param latency     the simulated latency
     * @param readTimeout the core's read deadline
     * @return the warning, when the latency is not below the deadline
     */
    static java.util.Optional<String> latencyWarning(String device, Duration latency, Duration readTimeout) {
        if (latency.isZero() || latency.compareTo(readTimeout) < 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("device '" + device + "': simulated latency " + DurationSyntax.format(latency)
                + " is not below the core's read deadline " + DurationSyntax.format(readTimeout) + ": every read will time out");
    }
}
