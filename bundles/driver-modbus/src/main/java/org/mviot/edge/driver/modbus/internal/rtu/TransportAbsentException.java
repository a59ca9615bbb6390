package org.mviot.edge.driver.modbus.internal.rtu;

import java.io.IOException;

/** An RTU exchange cannot even be tried: the serial port service of transport-serial is absent. */
public final class TransportAbsentException extends IOException {

    private static final long serialVersionUID = 1L;

    /** With the message {@link SerialTransport#ABSENT}. */
    public TransportAbsentException() {
        super(SerialTransport.ABSENT);
    }
}
