package org.mviot.edge.core.internal.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.core.internal.descriptor.DescriptorValidator;
import org.mviot.edge.core.internal.gatewaytwin.GatewayTwin;
import org.mviot.edge.core.internal.mapping.Uplink;

/** What the shell commands see of the running core (a service private to this bundle). */
public interface GatewayView {

    /** @return the device registry */
    DeviceRegistry registry();

    /** @return the uplink backlog */
    Uplink.Backlog backlog();

    /** @return the gateway twin */
    GatewayTwin gateway();

    /** @return the command path */
    CommandService commands();

    /** @return the descriptor directory and sources */
    Map<String, List<String>> sources();

    /** @return the descriptor validation the descriptor directory and bundles' documents go through */
    DescriptorValidator validator();

    /** @return the watched directory of descriptor files */
    Path devicesDirectory();
}
