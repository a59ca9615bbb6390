package org.mviot.edge.driver.serial.internal.line;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialPorts;
import org.mviot.edge.driver.serial.internal.frame.FrameDevice;
import org.mviot.edge.driver.serial.internal.frame.FrameFormat;
import org.mviot.edge.driver.serial.internal.transport.SerialService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code serial} driver: devices that send text lines (instruments, GNSS receivers, scales), or
 * fixed-length binary frames with {@code "format": "binary"}, on the serial port service of
 * transport-serial. That service is bound dynamically and is optional, so updating, removing or
 * installing transport-serial never restarts this driver: its devices stay open, report themselves
 * offline naming transport-serial while the service is absent, and reopen their ports when it is back.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + SerialLineDriver.NAME)
public final class SerialLineDriver implements Driver {

    /** The driver's name in descriptors. */
    public static final String NAME = "serial";

    private static final Logger LOG = LoggerFactory.getLogger(SerialLineDriver.class);
    /** Longest wait for a port another device's exchange holds, when the core's write deadline allows it. */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(2);
    /** Kept free of the core's write deadline for the bytes on the wire and the hand-over between threads. */
    private static final Duration WIRE_MARGIN = Duration.ofMillis(100);

    private final ScheduledThreadPoolExecutor reopener;
    private final SerialService serial;

    /** Starts the driver's one thread that reopens ports when transport-serial comes back. */
    @Activate
    public SerialLineDriver() {
        reopener = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-serial-reopen");
            t.setDaemon(true);
            return t;
        });
        reopener.setRemoveOnCancelPolicy(true);
        serial = new SerialService(reopener);
    }

    /**
     * The serial port service of transport-serial arrived (a dynamic reference: DS calls this without
     * restarting the driver, before or after activation); open devices take new handles from it.
     *
     * @param ports the service
     */
    @Reference(name = "serialPorts", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
               policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindSerialPorts")
    public void bindSerialPorts(SerialPorts ports) {
        serial.bind(ports);
        LOG.info("serial devices available: transport-serial's serial port service is bound");
    }

    /**
     * The serial port service left (transport-serial updated, stopped or uninstalled): devices report
     * themselves offline until a service is bound again.
     *
     * @param ports the service
     */
    public void unbindSerialPorts(SerialPorts ports) {
        serial.unbind(ports);
        if (serial.current() == null) {
            LOG.info("serial devices offline until transport-serial is back");
        }
    }

    /** Stops the reopen thread; the core closes the devices. */
    @Deactivate
    public void deactivate() {
        reopener.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(DeviceDescriptor device) throws DriverException {
        if (binary(device)) {
            FrameFormat.of(device);
        } else {
            LineFormat.of(device);
        }
    }

    private static boolean binary(DeviceDescriptor device) {
        return "binary".equalsIgnoreCase(device.connection().getOrDefault("format", "").trim());
    }

    @Override
    public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) throws DriverException {
        Duration writeWait = writeWait(listener);
        if (binary(device)) {
            FrameFormat f = FrameFormat.of(device);
            SerialService.Opened port = open(device, f.port(), f.line());
            FrameDevice d = new FrameDevice(f, port.handle(), listener, writeWait);
            serial.follow(d.port(), port.service());
            LOG.info("device {} opened on {} ({}, {})", device.id(), f.port(), f.line(), f);
            return d;
        }
        LineFormat f = LineFormat.of(device);
        SerialService.Opened port = open(device, f.port(), f.line());
        LineDevice d = new LineDevice(f, port.handle(), listener, writeWait);
        serial.follow(d.port(), port.service());
        LOG.info("device {} opened on {} ({}, {})", device.id(), f.port(), f.line(), f.format());
        return d;
    }

    private SerialService.Opened open(DeviceDescriptor device, String port, LineSettings line)
            throws DriverException {
        if (serial.current() == null) {
            throw new DriverException("device '" + device.id() + "': " + SerialService.ABSENT);
        }
        try {
            return serial.open(port, line, device.id());
        } catch (IOException e) {
            throw new DriverException("device '" + device.id() + "' connection.serialPort: " + e.getMessage(), e);
        }
    }

    /** The wait for a busy port on a write, within the core's write deadline so a busy port fails with this driver's reason. */
    private static Duration writeWait(DeviceListener listener) {
        Duration budget = listener.writeTimeout().minus(WIRE_MARGIN);
        if (budget.compareTo(WRITE_WAIT) >= 0) {
            return WRITE_WAIT;
        }
        return budget.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : budget;
    }
}
