package org.mviot.edge.api.device;

import java.util.Map;
import java.util.Objects;

/**
 * One readable and/or writable point of a device, self-described: what it is, in which unit, how it
 * is reached and how it is acquired.
 *
 * @param name        channel name, unique within its device ({@code [A-Za-z0-9_.-]+})
 * @param type        value type as the device delivers it
 * @param unit        engineering unit (UCUM or SI symbol, e.g. {@code °C}), empty when dimensionless
 * @param access      read, write or both
 * @param acquisition poll period or event-driven
 * @param range       allowed values in the engineering unit; {@link Range#UNBOUNDED} for none
 * @param address     driver-specific settings that locate the channel (a pin, a register, a resource path)
 * @param description human-readable description, may be empty
 */
public record ChannelSpec(String name, ChannelType type, String unit, Access access, Acquisition acquisition,
                          Range range, Map<String, String> address, String description) {

    /**
     * Checks the fields and copies the address map.
     *
     * @param name        channel name
     * @param type        value type
     * @param unit        unit
     * @param access      access mode
     * @param acquisition acquisition mode
     * @param range       allowed values
     * @param address     driver-specific settings
     * @param description description
     */
    public ChannelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(acquisition, "acquisition");
        unit = unit == null ? "" : unit;
        range = range == null ? Range.UNBOUNDED : range;
        address = address == null ? Map.of() : Map.copyOf(address);
        description = description == null ? "" : description;
    }

    /**
     * A short form for tests and simple drivers: read-only, unbounded, no description.
     *
     * @param name        channel name
     * @param type        value type
     * @param unit        unit
     * @param acquisition acquisition mode
     * @param address     driver-specific settings
     * @return the channel
     */
    public static ChannelSpec readOnly(String name, ChannelType type, String unit, Acquisition acquisition,
                                       Map<String, String> address) {
        return new ChannelSpec(name, type, unit, Access.READ, acquisition, Range.UNBOUNDED, address, "");
    }
}
