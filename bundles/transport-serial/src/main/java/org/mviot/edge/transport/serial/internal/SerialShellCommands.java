package org.mviot.edge.transport.serial.internal;

import java.util.List;

import org.mviot.edge.api.serial.SerialPorts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo shell command {@code serial:ports}: the serial ports present, stable names first. */
@Component(service = SerialShellCommands.class, property = {"osgi.command.scope=serial", "osgi.command.function=ports"})
public final class SerialShellCommands {

    private final SerialPorts ports;

    /**
     * @param ports the serial port service
     */
    @Activate
    public SerialShellCommands(@Reference SerialPorts ports) {
        this.ports = ports;
    }

    /**
     * @return the serial ports present now
     */
    public List<String> ports() {
        return ports.ports();
    }
}
