package org.mviot.edge.driver.modbus.internal.rtu;

import org.mviot.edge.api.serial.SerialPorts;

/**
 * The serial port service of transport-serial as it comes and goes: the Modbus driver binds it
 * dynamically, so updating, removing or adding transport-serial never restarts the driver (and never
 * touches its TCP devices); RTU devices look here before each exchange.
 */
public final class SerialTransport {

    /** Why an RTU device cannot work while the service is absent; names the bundle and the feature to install. */
    public static final String ABSENT = "Modbus RTU needs the serial port service of bundle org.mviot.edge.transport.serial"
            + " (feature transport-serial), which is not installed or not started";

    private volatile SerialPorts current;

    /**
     * @param ports the service that arrived
     */
    public synchronized void bind(SerialPorts ports) {
        current = ports;
    }

    /**
     * @param ports the service that leaves; ignored when another one has replaced it already
     */
    public synchronized void unbind(SerialPorts ports) {
        if (current == ports) {
            current = null;
        }
    }

    /**
     * @return the service now, or {@code null} while transport-serial is absent
     */
    public SerialPorts current() {
        return current;
    }
}
