package org.mviot.edge.transport.serial.testing;

import java.io.IOException;
import java.util.List;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.api.serial.SerialPorts;
import org.mviot.edge.transport.serial.internal.JsscSerialPorts;

/**
 * The real serial port service of transport-serial (jssc), outside OSGi, for the tests of the bundles
 * that use it (driver-serial, driver-modbus): they see only the api's {@link SerialPorts}, never this
 * bundle's internal classes. Shipped in this module's test jar.
 */
public final class TestSerialPorts implements SerialPorts, AutoCloseable {

    private final JsscSerialPorts service;

    private TestSerialPorts(JsscSerialPorts service) {
        this.service = service;
    }

    /**
     * @param reopenMillis how often a vanished port is looked for again, in milliseconds
     * @return a running service that reads open ports every 10 ms
     */
    public static TestSerialPorts start(int reopenMillis) {
        return new TestSerialPorts(JsscSerialPorts.create(10, reopenMillis));
    }

    @Override
    public List<String> ports() {
        return service.ports();
    }

    @Override
    public SerialPort open(String name, LineSettings settings, String owner) throws IOException {
        return service.open(name, settings, owner);
    }

    /** Closes every port and stops the reader, as when the bundle stops. */
    @Override
    public void close() {
        service.deactivate();
    }
}
