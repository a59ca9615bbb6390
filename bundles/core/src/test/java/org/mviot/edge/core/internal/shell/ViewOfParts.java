package org.mviot.edge.core.internal.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.core.internal.descriptor.DescriptorValidator;
import org.mviot.edge.core.internal.gatewaytwin.GatewayTwin;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.registry.DeviceRegistry;
import org.mviot.edge.core.internal.registry.GatewayView;

/**
 * The core as the shell and the console see it, made of the parts a test builds itself (the running core's
 * {@code CoreComponent} is the real one): no other sources than the devices directory.
 *
 * @param registry         the devices
 * @param uplink           the uplink whose backlog is shown
 * @param gateway          the gateway twin
 * @param commands         the command path
 * @param validator        the descriptor validator
 * @param devicesDirectory where descriptors are saved
 */
record ViewOfParts(DeviceRegistry registry, Uplink uplink, GatewayTwin gateway, CommandService commands, DescriptorValidator validator,
        Path devicesDirectory) implements GatewayView {

    @Override
    public Uplink.Backlog backlog() {
        return uplink.backlog();
    }

    @Override
    public Map<String, List<String>> sources() {
        return Map.of();
    }
}
