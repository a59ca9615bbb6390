package org.mviot.edge.driver.modbus.internal.rtu;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialLink;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.api.serial.SerialPorts;
import org.mviot.edge.driver.modbus.internal.ModbusTransport;
import org.mviot.edge.driver.modbus.internal.codec.ModbusProtocolException;
import org.mviot.edge.driver.modbus.internal.codec.Rtu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modbus RTU over one handle on a serial port: keeps 3.5 characters of silence before each frame,
 * drops stale input, sends the frame and collects the response until its length is known and
 * complete or the response timeout passes.
 *
 * <p>The handle comes from the serial port service of transport-serial, which may be updated or
 * removed while the device stays open: before each exchange the transport checks that its handle
 * still belongs to the service bound now, takes a new one from a new service, and fails with
 * {@link TransportAbsentException} while there is none.
 */
public final class RtuTransport implements ModbusTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RtuTransport.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Above 19200 baud the specification fixes the inter-frame silence at 1.75 ms. */
    private static final long FAST_SILENCE_NANOS = 1_750_000;
    /** Devices need time to act on a broadcast before the next frame (the specification's turnaround delay). */
    private static final long TURNAROUND_NANOS = 100_000_000;

    private final SerialTransport serial;
    private final String portName;
    private final LineSettings line;
    private final String owner;
    private final Duration busWait;
    private final long silenceNanos;
    /** The handle and the service it came from (guarded by this). */
    private SerialPort port;
    private SerialPorts portFrom;
    private boolean released;

    /**
     * @param serial   the serial port service as it comes and goes
     * @param portName the serial port
     * @param line     its settings
     * @param owner    the device, for messages
     * @param busWait  longest wait for the bus
     */
    public RtuTransport(SerialTransport serial, String portName, LineSettings line, String owner, Duration busWait) {
        this.serial = serial;
        this.portName = portName;
        this.line = line;
        this.owner = owner;
        this.busWait = busWait;
        this.silenceNanos = line.baudRate() > 19200 ? FAST_SILENCE_NANOS : (long) Math.ceil(3.5 * line.characterNanos());
    }

    /**
     * Takes a handle on the port now, so that a port that does not exist fails the device's open.
     *
     * @throws TransportAbsentException when transport-serial is absent
     * @throws IOException              when the port cannot be opened
     */
    void join() throws IOException {
        handle();
    }

    /** @return the handle on the port from the service bound now, taking a new one when the service changed */
    private synchronized SerialPort handle() throws IOException {
        if (released) {
            throw new IOException("serial port " + portName + ": the transport of " + owner + " is released");
        }
        SerialPorts now = serial.current();
        if (now != portFrom) {
            // a departed service closed its ports when it stopped (and its bundle may be gone): drop its handle, do not call it
            port = null;
            portFrom = null;
        }
        if (now == null) {
            throw new TransportAbsentException();
        }
        if (port == null) {
            port = now.open(portName, line, owner);
            portFrom = now;
        }
        return port;
    }

    @Override
    public String unavailable() {
        return serial.current() == null ? SerialTransport.ABSENT : null;
    }

    @Override
    public byte[] request(int unit, byte[] pdu, Duration timeout) throws IOException, InterruptedException {
        byte[] frame = Rtu.encode(unit, pdu);
        return onBus(link -> {
            send(link, frame);
            return receive(link, unit, timeout);
        });
    }

    @Override
    public void broadcast(byte[] pdu, Duration timeout) throws IOException, InterruptedException {
        byte[] frame = Rtu.encode(0, pdu);
        onBus(link -> {
            send(link, frame);
            long until = System.nanoTime() + Math.min(TURNAROUND_NANOS, timeout.toNanos());
            for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return null;
        });
    }

    private <T> T onBus(SerialPort.Exchange<T> work) throws IOException, InterruptedException {
        SerialPort port = handle();
        try {
            return port.exchange(busWait, work);
        } catch (TimeoutException e) {
            throw new IOException("serial bus " + portName + " busy for " + busWait.toMillis() + " ms");
        }
    }

    private void send(SerialLink link, byte[] frame) throws IOException, InterruptedException {
        for (long left = silenceNanos - link.nanosSinceLastTraffic(); left > 0; left = silenceNanos - link.nanosSinceLastTraffic()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        link.discardInput();
        if (LOG.isTraceEnabled()) {
            LOG.trace("rtu {} > {}", portName, HEX.formatHex(frame));
        }
        link.write(frame);
    }

    private byte[] receive(SerialLink link, int unit, Duration timeout) throws IOException, InterruptedException {
        byte[] buf = new byte[256];
        int len = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            int n = left <= 0 ? 0 : link.read(buf, len, buf.length - len, Duration.ofNanos(left));
            if (n == 0) {
                if (LOG.isTraceEnabled() && len > 0) {
                    LOG.trace("rtu {} < {} (incomplete)", portName, HEX.formatHex(buf, 0, len));
                }
                throw len == 0 ? new SocketTimeoutException("no response within " + timeout.toMillis() + " ms")
                        : new ModbusProtocolException("truncated frame: " + len + " bytes, then silence for the rest of "
                                + timeout.toMillis() + " ms");
            }
            len += n;
            int expected = Rtu.expectedLength(buf, len);
            if (expected > 0 && len >= expected) {
                if (LOG.isTraceEnabled()) {
                    LOG.trace("rtu {} < {}", portName, HEX.formatHex(buf, 0, expected));
                }
                return Rtu.decode(buf, expected, unit);
            }
            if (len == buf.length) {
                throw new ModbusProtocolException("frame longer than " + buf.length + " bytes");
            }
        }
    }

    @Override
    public String describe() {
        return "rtu " + portName + " " + line;
    }

    @Override
    public void release() {
        SerialPort p;
        synchronized (this) {
            released = true;
            p = serial.current() == portFrom ? port : null;
            port = null;
            portFrom = null;
        }
        if (p != null) {
            p.close();
        }
    }
}
