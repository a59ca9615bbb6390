package org.mviot.edge.driver.serial.internal.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Reading;

/**
 * The values a serial device pushed (text lines or binary frames decode into them), shared by both
 * device kinds: polled channels read the latest value of each, subscribed channels get every value
 * as it arrives, and the port's coming and going becomes the device's status.
 */
public final class ReceivedValues {

    private final Map<String, Object> latest = new ConcurrentHashMap<>();
    private final DeviceListener listener;
    private final String unit;
    private volatile boolean subscribed;
    /** Why the port is gone, as reported; {@code null} while it is open. */
    private volatile String down;

    /**
     * @param listener the core's listener of the device
     * @param unit     what carries the values, for messages ("line", "frame")
     */
    public ReceivedValues(DeviceListener listener, String unit) {
        this.listener = listener;
        this.unit = unit;
    }

    /**
     * Takes the values of one line or frame.
     *
     * @param values channel → value
     */
    public void accept(Map<String, Object> values) {
        latest.putAll(values);
        if (subscribed) {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                listener.onReading(Reading.good(e.getKey(), e.getValue()));
            }
        }
    }

    /** @param channels the channels to push as values arrive; empty stops pushing */
    public void subscribe(List<ChannelSpec> channels) {
        subscribed = !channels.isEmpty();
    }

    /**
     * @param channels polled channels
     * @return the latest value of each, or a failed reading until one arrived; failed readings naming
     *         the reason while the port is gone (a value from before is no current value)
     */
    public List<Reading> read(List<ChannelSpec> channels) {
        List<Reading> out = new ArrayList<>(channels.size());
        String gone = down;
        for (ChannelSpec c : channels) {
            if (gone != null) {
                out.add(Reading.failed(c.name(), gone));
                continue;
            }
            Object v = latest.get(c.name());
            out.add(v != null ? Reading.good(c.name(), v) : Reading.failed(c.name(), "no " + unit + " with this channel received yet"));
        }
        return out;
    }

    /**
     * Reports the port's state as the device's status.
     *
     * @param port   port name
     * @param open   whether it is open
     * @param reason why it closed
     */
    public void portState(String port, boolean open, String reason) {
        String why = "serial port " + port + (open ? " is back" : " lost: " + reason);
        down = open ? null : why;
        listener.onStatus(DeviceStatus.now(open ? DeviceStatus.State.ONLINE : DeviceStatus.State.OFFLINE, why));
    }
}
