package org.mviot.edge.api.serial;

import java.io.IOException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The serial ports of the gateway, registered as an OSGi service by the serial bundle. Each port is
 * opened once for the whole gateway; every {@link #open open} of the same port with the same settings
 * returns a new handle on that one port, so several devices can share an RS-485 bus while their
 * exchanges are serialized.
 */
@ProviderType
public interface SerialPorts {

    /**
     * @return the names of the serial ports present now, stable names ({@code /dev/serial/by-id/…}) first
     */
    List<String> ports();

    /**
     * Opens a port, or joins it when it is open already with the same settings.
     *
     * @param name     the device path ({@code /dev/ttyUSB0}, {@code /dev/serial/by-id/…}, a pseudo-terminal)
     * @param settings the line settings
     * @param owner    who opens it, named in messages (e.g. the device id)
     * @return a handle; closing it releases this owner's share, the port closes with the last share
     * @throws IOException when the port does not exist, is busy elsewhere, is open here with other
     *                     settings, or refuses the settings; the message names the port and the reason
     */
    SerialPort open(String name, LineSettings settings, String owner) throws IOException;
}
