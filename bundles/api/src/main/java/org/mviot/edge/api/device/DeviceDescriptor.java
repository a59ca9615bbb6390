package org.mviot.edge.api.device;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A physical IoT device as the gateway knows it: its id, the driver that speaks its protocol, how to
 * connect to it, and its channels. This is the device's self-description, from which its virtual
 * object is generated.
 *
 * @param id          device id, unique on the gateway ({@code [A-Za-z0-9_.-]+})
 * @param driver      name of the driver that serves it (see {@code Driver#name()})
 * @param description human-readable description, may be empty
 * @param connection  driver-specific connection settings (host, port, serial port, unit id…)
 * @param channels    the device's channels, names unique
 */
public record DeviceDescriptor(String id, String driver, String description, Map<String, String> connection,
                               List<ChannelSpec> channels) {

    /**
     * Checks the fields and copies the collections.
     *
     * @param id          device id
     * @param driver      driver name
     * @param description description
     * @param connection  connection settings
     * @param channels    channels
     */
    public DeviceDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(driver, "driver");
        description = description == null ? "" : description;
        connection = connection == null ? Map.of() : Map.copyOf(connection);
        channels = List.copyOf(channels);
    }

    /**
     * @param name a channel name
     * @return the channel of that name, if the device has one
     */
    public Optional<ChannelSpec> channel(String name) {
        for (ChannelSpec c : channels) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
