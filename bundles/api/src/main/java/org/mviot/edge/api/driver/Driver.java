package org.mviot.edge.api.driver;

import org.mviot.edge.api.device.DeviceDescriptor;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol driver, registered as an OSGi service by a driver bundle (IR-RecR-1, ER-RecR-1). The
 * core opens each device whose descriptor names this driver; drivers can come and go while the
 * gateway runs, and the devices of other drivers keep flowing.
 *
 * <p>The service property {@value #NAME_PROPERTY} carries the same name as {@link #name()}.
 */
@ConsumerType
public interface Driver {

    /** Service property with the driver's name. */
    String NAME_PROPERTY = "mviot.driver.name";

    /**
     * @return the name device descriptors use to choose this driver ({@code sim}, {@code modbus}, {@code gpio}…)
     */
    String name();

    /**
     * Checks a device's settings before it is opened, so a mistake is reported as "misconfigured"
     * rather than as a failing device.
     *
     * @param device the descriptor
     * @throws DriverException naming the connection key or channel address that is wrong, and why
     */
    default void validate(DeviceDescriptor device) throws DriverException {
    }

    /**
     * Opens a device. Called on an I/O thread with a timeout; may block on connecting.
     *
     * @param device   the descriptor
     * @param listener where events and status changes go
     * @return the open device
     * @throws DriverException      when the device cannot be opened now (the core retries with backoff)
     * @throws InterruptedException when the core gave up waiting
     */
    DeviceConnection open(DeviceDescriptor device, DeviceListener listener) throws DriverException, InterruptedException;
}
