package org.mviot.edge.driver.serial.internal.line;

import java.io.IOException;
import java.time.Duration;

import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.serial.SerialPorts;
import org.mviot.edge.driver.serial.internal.frame.FrameDevice;
import org.mviot.edge.driver.serial.internal.frame.FrameFormat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code serial} driver: devices that send text lines (instruments, GNSS receivers, scales), or
 * fixed-length binary frames with {@code "format": "binary"}.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + SerialLineDriver.NAME)
public final class SerialLineDriver implements Driver {

    /** The driver's name in descriptors. */
    public static final String NAME = "serial";

    private static final Logger LOG = LoggerFactory.getLogger(SerialLineDriver.class);
    private static final Duration WRITE_WAIT = Duration.ofSeconds(2);

    private final SerialPorts ports;

    /**
     * @param ports the serial port service
     */
    @Activate
    public SerialLineDriver(@Reference SerialPorts ports) {
        this.ports = ports;
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
        if (binary(device)) {
            FrameFormat f = FrameFormat.of(device);
            try {
                FrameDevice d = new FrameDevice(f, ports.open(f.port(), f.line(), device.id()), listener, WRITE_WAIT);
                LOG.info("device {} opened on {} ({}, {})", device.id(), f.port(), f.line(), f);
                return d;
            } catch (IOException e) {
                throw new DriverException("device '" + device.id() + "' connection.serialPort: " + e.getMessage(), e);
            }
        }
        LineFormat f = LineFormat.of(device);
        try {
            LineDevice d = new LineDevice(f, ports.open(f.port(), f.line(), device.id()), listener, WRITE_WAIT);
            LOG.info("device {} opened on {} ({}, {})", device.id(), f.port(), f.line(), f.format());
            return d;
        } catch (IOException e) {
            throw new DriverException("device '" + device.id() + "' connection.serialPort: " + e.getMessage(), e);
        }
    }
}
