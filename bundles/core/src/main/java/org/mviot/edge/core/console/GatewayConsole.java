package org.mviot.edge.core.console;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.mviot.edge.api.twin.CommandResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The running core as the web console sees it; registered by the core. Every answer comes from memory (no I/O but
 * {@link #check}'s driver rules, which are in memory too), so it may be called on a request thread.
 */
@ProviderType
public interface GatewayConsole {

    /**
     * @return the document {@code mviot-edge status --json} prints: {@code gateway}, {@code features}, {@code link},
     *         {@code devices}, {@code invalidDescriptors} (field names documented there)
     */
    Map<String, Object> status();

    /** @return every device, by id, with its channels */
    List<DeviceView> devices();

    /**
     * @param id a device id
     * @return the device, or empty
     */
    Optional<DeviceView> device(String id);

    /**
     * Writes a channel through the command path, exactly as a twin command on the channel's twin property:
     * authorization (with {@code subject} as the command's sender), type and range checks, the driver's write and the
     * read-back. A channel that does not exist or is not writable completes {@link CommandResult.Rejected rejected}.
     *
     * @param device  device id
     * @param channel channel name
     * @param value   {@link Boolean}, a {@link Number} or {@link String}, in the twin's unit
     * @param subject who asks (the command's sender, authorized and logged as such)
     * @return the command's result
     */
    CompletionStage<CommandResult> write(String device, String channel, Object value, String subject);

    /**
     * Validates a descriptor as if it were the file {@code file} of the devices directory: the core's rules and its
     * driver's (when installed), then its id and thing against the devices of other origins, as the registry does.
     *
     * @param file a file name in {@link #devicesDirectory()}
     * @param json the file's text
     * @return every problem; empty when the file would bring its device up
     */
    List<DescriptorFinding> check(String file, String json);

    /** @return the directory of descriptor files the core watches ({@code conf/devices}) */
    Path devicesDirectory();

    /** @return descriptor origins (a file's path, a bundle document) the core refused, with their problems */
    Map<String, List<DescriptorFinding>> invalid();
}
