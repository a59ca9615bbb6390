package org.mviot.edge.api.driver;

import java.util.List;

import org.mviot.edge.api.device.ChannelSpec;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open device. The core calls it from a bounded pool of I/O threads, never two calls at once for
 * one device, and bounds every call with a timeout (it interrupts a call that overruns): a driver
 * blocks only in interruptible I/O or sets its own socket timeouts below the core's, which it learns
 * from {@link DeviceListener#readTimeout()} and {@link DeviceListener#writeTimeout()}.
 */
@ConsumerType
public interface DeviceConnection extends AutoCloseable {

    /**
     * Reads several channels in one call, so the driver can merge them (adjacent Modbus registers
     * into one block read, one CoAP request for several fields).
     *
     * @param channels channels due now, all readable channels of this device
     * @return one reading per requested channel, in any order; failed channels as {@link Reading#failed}
     * @throws DriverException      when the whole device cannot be read (connection lost)
     * @throws InterruptedException when the core gave up waiting
     */
    List<Reading> read(List<ChannelSpec> channels) throws DriverException, InterruptedException;

    /**
     * Writes a value to a channel.
     *
     * @param channel a writable channel of this device
     * @param value   value of the channel's type ({@link Boolean}, {@link Long}, {@link Double}, {@link String}), in device units
     * @throws DriverException      when the device refuses or cannot be reached
     * @throws InterruptedException when the core gave up waiting
     */
    void write(ChannelSpec channel, Object value) throws DriverException, InterruptedException;

    /**
     * Starts pushing values of event channels to the device's {@link DeviceListener}. Replaces any
     * earlier subscription.
     *
     * @param channels the event-acquired channels
     * @throws DriverException when the device cannot deliver events
     */
    void subscribe(List<ChannelSpec> channels) throws DriverException;

    /** Stops events and releases the device's resources. Never throws. */
    @Override
    void close();
}
