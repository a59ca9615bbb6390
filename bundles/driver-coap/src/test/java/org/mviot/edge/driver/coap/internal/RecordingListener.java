package org.mviot.edge.driver.coap.internal;

import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Reading;

/** The core's side of a device in tests: keeps what the driver pushed. */
class RecordingListener implements DeviceListener {

    private final List<Reading> readings = new ArrayList<>();
    private final List<DeviceStatus> statuses = new ArrayList<>();

    @Override
    public synchronized void onReading(Reading reading) {
        readings.add(reading);
    }

    @Override
    public synchronized void onStatus(DeviceStatus status) {
        statuses.add(status);
    }

    synchronized List<Reading> readings() {
        return List.copyOf(readings);
    }

    synchronized List<Reading> good(String channel) {
        return readings.stream().filter(r -> r.channel().equals(channel) && r.value() != null).toList();
    }

    synchronized List<Reading> failed(String channel) {
        return readings.stream().filter(r -> r.channel().equals(channel) && r.value() == null).toList();
    }
}
