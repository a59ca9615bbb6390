package org.mviot.edge.api.driver;

import org.mviot.edge.api.device.DeviceStatus;

/**
 * How a driver reports to the core what happens on its own: values pushed by event channels and
 * changes of the device's working status. Implementations return quickly and never throw; they may
 * be called from any of the driver's threads.
 */
public interface DeviceListener {

    /**
     * A subscribed channel pushed a value.
     *
     * @param reading the value
     */
    void onReading(Reading reading);

    /**
     * The device's working status changed (connection lost, recovered).
     *
     * @param status the new status
     */
    void onStatus(DeviceStatus status);
}
