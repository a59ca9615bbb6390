package org.mviot.edge.driver.modbus.internal.rtu;

import java.io.IOException;
import java.time.Duration;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.driver.modbus.internal.ModbusTransport;

/**
 * Opens RTU transports on serial buses through the serial port service. Several devices (unit ids)
 * on one bus get handles on the same port, whose exchanges the service runs one at a time.
 *
 * @param serial  the serial port service as it comes and goes
 * @param busWait longest wait for a bus another device is using
 */
public record RtuBuses(SerialTransport serial, Duration busWait) {

    /**
     * @param port  the serial port
     * @param line  its settings
     * @param owner the device, for messages
     * @return a transport holding a handle on the port; release it when done
     * @throws TransportAbsentException when transport-serial is absent
     * @throws IOException              when the port cannot be opened
     */
    public ModbusTransport acquire(String port, LineSettings line, String owner) throws IOException {
        RtuTransport t = new RtuTransport(serial, port, line, owner, busWait);
        t.join();
        return t;
    }
}
