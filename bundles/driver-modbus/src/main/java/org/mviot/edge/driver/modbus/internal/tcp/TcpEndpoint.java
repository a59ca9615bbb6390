package org.mviot.edge.driver.modbus.internal.tcp;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;

import org.mviot.edge.driver.modbus.internal.codec.Mbap;
import org.mviot.edge.driver.modbus.internal.codec.ModbusProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a Modbus server, shared by all devices (unit ids) behind that host and port.
 * Requests run one at a time with increasing transaction ids; a response with another transaction
 * id (the late answer to a request that timed out) is dropped. A failure of the connection (closed,
 * corrupted frame) closes the socket and the next request connects again, so a restarted server is
 * picked up without a gateway restart; a unit's silence leaves the connection open for the others.
 */
public final class TcpEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(TcpEndpoint.class);
    private static final HexFormat HEX = HexFormat.of();

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private Socket socket;
    /** Room for a few whole Modbus TCP frames (260 bytes at most each). */
    private static final int RECEIVE_BUFFER = 1024;
    private DataInputStream in;
    private OutputStream out;
    private int transactionId;
    private boolean wasConnected;
    private String lastFailure;

    /**
     * @param host           server host
     * @param port           server port
     * @param connectTimeout longest wait for a connection
     */
    public TcpEndpoint(String host, int port, Duration connectTimeout) {
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
    }

    /**
     * @return host:port
     */
    public String address() {
        return host + ":" + port;
    }

    /**
     * Connects now if not connected.
     *
     * @throws IOException when the server cannot be reached
     */
    public synchronized void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
        } catch (IOException e) {
            s.close();
            String why = "cannot connect to modbus tcp " + address() + ": " + e.getMessage();
            if (!why.equals(lastFailure)) {
                LOG.info("{}", why);
                lastFailure = why;
            }
            throw new IOException(why, e);
        }
        socket = s;
        // buffered: the header's read takes the whole response (a frame is at most 260 bytes), so the body costs no
        // second system call; a read that times out leaves the buffer as it was
        in = new DataInputStream(new BufferedInputStream(s.getInputStream(), RECEIVE_BUFFER));
        out = s.getOutputStream();
        lastFailure = null;
        LOG.info("modbus tcp {} {}", address(), wasConnected ? "reconnected" : "connected");
        wasConnected = true;
    }

    /**
     * Sends a request and waits for its response.
     *
     * @param unit    unit id
     * @param pdu     request PDU
     * @param timeout longest wait for the response
     * @return the response PDU
     * @throws IOException on connection failure, timeout or a corrupted frame; the socket is closed then
     */
    public synchronized byte[] request(int unit, byte[] pdu, Duration timeout) throws IOException {
        connect();
        long deadline = System.nanoTime() + timeout.toNanos();
        int tid = transactionId = (transactionId + 1) & 0xFFFF;
        try {
            byte[] frame = Mbap.encode(tid, unit, pdu);
            if (LOG.isTraceEnabled()) {
                LOG.trace("tcp {} > {}", address(), HEX.formatHex(frame));
            }
            out.write(frame);
            out.flush();
            int dropped = 0;
            while (true) {
                byte[] header = new byte[Mbap.HEADER];
                readFully(header, deadline, timeout, dropped, false);
                Mbap.Header h = Mbap.header(header);
                byte[] body = new byte[h.pduLength()];
                readFully(body, deadline, timeout, dropped, true);
                if (LOG.isTraceEnabled()) {
                    LOG.trace("tcp {} < {}{}", address(), HEX.formatHex(header), HEX.formatHex(body));
                }
                if (h.transactionId() != tid) {
                    dropped++;
                    LOG.debug("modbus tcp {}: dropped a response with transaction id {}, waiting for {}", address(), h.transactionId(), tid);
                    continue;
                }
                if (h.unitId() != unit) {
                    throw new ModbusProtocolException("unit " + h.unitId() + " answered, unit " + unit + " was asked");
                }
                return body;
            }
        } catch (SocketTimeoutException e) {
            // silence is the unit's (a wrong unit id, a unit switched off), not the connection's: keep it for the
            // other units; a late answer is dropped by its transaction id
            throw e;
        } catch (IOException e) {
            disconnect(e.getMessage());
            throw e;
        }
    }

    /**
     * @param midFrame whether part of the frame was read already: a timeout then leaves the stream inside a frame, a
     *                 failure of the connection (it is closed), not a silent unit
     */
    private void readFully(byte[] b, long deadline, Duration timeout, int dropped, boolean midFrame) throws IOException {
        int n = 0;
        while (n < b.length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timeout(timeout, dropped, midFrame || n > 0);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int r;
            try {
                r = in.read(b, n, b.length - n);
            } catch (SocketTimeoutException e) {
                throw timeout(timeout, dropped, midFrame || n > 0);
            }
            if (r < 0) {
                throw new EOFException("modbus tcp " + address() + " closed the connection");
            }
            n += r;
        }
    }

    private IOException timeout(Duration timeout, int dropped, boolean midFrame) {
        String what = "no response within " + timeout.toMillis() + " ms"
                + (dropped > 0 ? " (" + dropped + " responses with other transaction ids dropped)" : "");
        return midFrame ? new IOException("modbus tcp " + address() + ": response cut off: " + what) : new SocketTimeoutException(what);
    }

    /**
     * Closes the socket; the next request connects again.
     *
     * @param why reason for the log
     */
    public synchronized void disconnect(String why) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", address(), e.toString());
        }
        socket = null;
        in = null;
        out = null;
        LOG.info("modbus tcp {} disconnected: {}", address(), why);
    }

    /**
     * @return whether a socket is open
     */
    public synchronized boolean connected() {
        return socket != null;
    }

}
