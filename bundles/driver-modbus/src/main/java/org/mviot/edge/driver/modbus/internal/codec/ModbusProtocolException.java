package org.mviot.edge.driver.modbus.internal.codec;

import java.io.IOException;

/** A frame broke the protocol: bad CRC, wrong length, wrong function, a reply to another request. */
public class ModbusProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong with the frame
     */
    public ModbusProtocolException(String message) {
        super(message);
    }
}
