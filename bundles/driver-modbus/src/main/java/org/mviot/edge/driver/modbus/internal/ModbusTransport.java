package org.mviot.edge.driver.modbus.internal;

import java.io.IOException;
import java.time.Duration;

/**
 * Carries request PDUs to a unit and brings back its response PDU: Modbus TCP or RTU. Framing
 * errors surface as {@link org.mviot.edge.driver.modbus.internal.codec.ModbusProtocolException},
 * silence as {@link java.net.SocketTimeoutException}.
 */
public interface ModbusTransport {

    /**
     * @param unit    the unit id
     * @param pdu     the request PDU
     * @param timeout the longest wait for the response
     * @return the response PDU, not yet checked against the request
     * @throws IOException          when the link fails, the frame is corrupted, or no answer came in time
     * @throws InterruptedException when the caller gave up
     */
    byte[] request(int unit, byte[] pdu, Duration timeout) throws IOException, InterruptedException;

    /**
     * Sends a request that no unit answers (an RTU broadcast to unit 0).
     *
     * @param pdu     the request PDU
     * @param timeout the longest wait for the line
     * @throws IOException          when the link fails
     * @throws InterruptedException when the caller gave up
     */
    void broadcast(byte[] pdu, Duration timeout) throws IOException, InterruptedException;

    /**
     * @return why no exchange can even be tried now (the transport bundle it needs is absent), or
     *         {@code null} when it can; the device then reports itself offline with this reason
     */
    default String unavailable() {
        return null;
    }

    /**
     * @return the endpoint in messages, e.g. {@code tcp 10.0.0.5:502} or {@code rtu /dev/ttyUSB0 9600 8N1}
     */
    String describe();

    /** Releases this user's share of the link. */
    void release();
}
