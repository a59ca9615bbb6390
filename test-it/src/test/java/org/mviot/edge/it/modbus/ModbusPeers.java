package org.mviot.edge.it.modbus;

import java.io.IOException;

import org.mviot.edge.testsupport.PeerProcess;

/**
 * The Python peers of {@code src/test/resources/modbus} (pymodbus servers, a text-line instrument), run
 * with the shared {@link PeerProcess}.
 */
final class ModbusPeers {

    private ModbusPeers() {
    }

    /**
     * Starts a script with Debian's python3, which has pymodbus and pyserial.
     *
     * @param script file name in {@code src/test/resources/modbus}
     * @param args   its arguments
     * @return the running peer, ended by its PID on close
     * @throws IOException if it cannot start
     */
    static PeerProcess python(String script, String... args) throws IOException {
        return PeerProcess.python(PeerProcess.resource(ModbusPeers.class, "/modbus/" + script), args);
    }
}
