package org.mviot.edge.driver.coap.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.Range;

/** Descriptors for tests. */
final class Devices {

    private Devices() {
    }

    static DeviceDescriptor device(String id, Map<String, String> connection, ChannelSpec... channels) {
        return new DeviceDescriptor(id, "coap", "", connection, List.of(channels));
    }

    static ChannelSpec polled(String name, ChannelType type, String... address) {
        return new ChannelSpec(name, type, "", Access.READ, Acquisition.poll(Duration.ofSeconds(1)), Range.UNBOUNDED, map(address), "");
    }

    static ChannelSpec observed(String name, ChannelType type, String... address) {
        return new ChannelSpec(name, type, "", Access.READ, Acquisition.event(), Range.UNBOUNDED, map(address), "");
    }

    static ChannelSpec writable(String name, ChannelType type, String... address) {
        return new ChannelSpec(name, type, "", Access.READ_WRITE, Acquisition.poll(Duration.ofSeconds(1)), Range.UNBOUNDED, map(address), "");
    }

    static Map<String, String> map(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
