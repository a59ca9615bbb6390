package org.mviot.edge.core.internal.descriptor;

import java.util.List;

import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.twin.ThingId;

/**
 * A validated device descriptor: the device as drivers see it, plus its edge computation and twin mapping.
 *
 * @param origin     where it came from (file path, or a bundle's document)
 * @param descriptor the device's self-description
 * @param thing      its twin
 * @param channels   one entry per channel of the descriptor, same order
 * @param derived    computed channels
 */
public record DeviceConfig(String origin, DeviceDescriptor descriptor, ThingId thing, List<ChannelConfig> channels,
                           List<DerivedConfig> derived, DevicePosition position) {

    /**
     * A device without a position.
     *
     * @param origin     origin
     * @param descriptor descriptor
     * @param thing      thing
     * @param channels   channels
     * @param derived    derived
     */
    public DeviceConfig(String origin, DeviceDescriptor descriptor, ThingId thing, List<ChannelConfig> channels, List<DerivedConfig> derived) {
        this(origin, descriptor, thing, channels, derived, DevicePosition.NONE);
    }

    /**
     * Copies the lists.
     *
     * @param origin     origin
     * @param descriptor descriptor
     * @param thing      thing
     * @param channels   channels
     * @param derived    derived
     * @param position   where the device is (its twin's position feature)
     */
    public DeviceConfig {
        channels = List.copyOf(channels);
        derived = List.copyOf(derived);
        position = position == null ? DevicePosition.NONE : position;
    }

    /** @return the device id */
    public String id() {
        return descriptor.id();
    }
}
