package org.mviot.edge.driver.sim.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
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
 * every {@code address.interval} ms from one shared thread. Connection setting {@code fail.open=true}
 * makes opening fail, to try the offline status.
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
        for (ChannelSpec c : device.channels()) {
            try {
                Signal s = Signal.of(device.id(), c.name(), c.type(), c.address());
                if (c.access().writable() && !(s instanceof Signal.Setpoint)) {
                    throw new DriverException("device '" + device.id() + "' channel '" + c.name()
                            + "': only address.signal setpoint can be written; make the channel read-only or a setpoint");
                }
            } catch (IllegalArgumentException e) {
                throw new DriverException(e.getMessage());
            }
        }
        try {
            Long.parseLong(device.connection().getOrDefault("latency.ms", "0"));
        } catch (NumberFormatException e) {
            throw new DriverException("device '" + device.id() + "': connection latency.ms must be a whole number of milliseconds");
        }
    }

    @Override
    public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) throws DriverException {
        if (Boolean.parseBoolean(device.connection().getOrDefault("fail.open", "false"))) {
            throw new DriverException("device '" + device.id() + "': simulated connection refused (connection setting fail.open)");
        }
        LOG.debug("simulated device {} opened", device.id());
        return new SimDevice(device, listener, events);
    }
}
