package org.mviot.edge.driver.serial.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Reading;

/** The core's side of an open device, for tests: it keeps every reading and status the driver reports. */
public final class RecordingListener implements DeviceListener {

    /** Readings in the order reported. */
    public final List<Reading> readings = new CopyOnWriteArrayList<>();
    /** Statuses in the order reported. */
    public final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();

    @Override
    public void onReading(Reading reading) {
        readings.add(reading);
    }

    @Override
    public void onStatus(DeviceStatus status) {
        statuses.add(status);
    }
}
