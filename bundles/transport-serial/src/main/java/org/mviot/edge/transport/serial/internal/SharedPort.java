package org.mviot.edge.transport.serial.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialLink;
import org.mviot.edge.api.serial.SerialPort;

import jssc.SerialPortException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One serial port opened once for the whole gateway (jssc opens it exclusively at the OS level).
 * Its handles' exchanges take a fair lock, so devices sharing an RS-485 bus take turns; the shared
 * reader delivers bytes that arrive outside exchanges to the handles' listeners; when the device
 * node disappears the port is closed and reopened when it comes back.
 */
final class SharedPort {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPort.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Longest pause between two looks at the input buffer while a read waits. */
    private static final long READ_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final LineSettings settings;
    private final ReentrantLock bus = new ReentrantLock(true);
    private final List<PortHandle> handles = new CopyOnWriteArrayList<>();
    private volatile jssc.SerialPort port;
    private volatile long lastTraffic = System.nanoTime();
    private volatile String goneReason;

    SharedPort(String name, LineSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    String name() {
        return name;
    }

    LineSettings settings() {
        return settings;
    }

    List<PortHandle> handles() {
        return handles;
    }

    boolean isOpen() {
        return port != null;
    }

    /** Opens the port; the caller holds no lock on it yet. */
    synchronized void open() throws IOException {
        if (port != null) {
            return;
        }
        if (!Files.exists(Path.of(name))) {
            throw new IOException("serial port " + name + " does not exist");
        }
        jssc.SerialPort p = new jssc.SerialPort(name);
        try {
            p.openPort();
            p.setParams(settings.baudRate(), settings.dataBits(), stopBits(settings), parity(settings), true, true);
            p.setFlowControlMode(switch (settings.flowControl()) {
                case NONE -> jssc.SerialPort.FLOWCONTROL_NONE;
                case RTS_CTS -> jssc.SerialPort.FLOWCONTROL_RTSCTS_IN | jssc.SerialPort.FLOWCONTROL_RTSCTS_OUT;
                case XON_XOFF -> jssc.SerialPort.FLOWCONTROL_XONXOFF_IN | jssc.SerialPort.FLOWCONTROL_XONXOFF_OUT;
            });
            p.purgePort(jssc.SerialPort.PURGE_RXCLEAR | jssc.SerialPort.PURGE_TXCLEAR);
        } catch (SerialPortException e) {
            closeQuietly(p);
            throw new IOException("serial port " + name + " cannot be opened with " + settings + ": " + reason(e), e);
        }
        port = p;
        lastTraffic = System.nanoTime();
        boolean reopened = goneReason != null;
        goneReason = null;
        LOG.info("serial port {} {} ({})", name, reopened ? "reopened" : "opened", settings);
        if (reopened) {
            handles.forEach(h -> h.portState(true, "port is back"));
        }
    }

    /** Closes the port because it went away; the reader reopens it when it is back. */
    synchronized void lost(String why) {
        jssc.SerialPort p = port;
        if (p == null) {
            return;
        }
        port = null;
        goneReason = why;
        closeQuietly(p);
        LOG.info("serial port {} lost: {}; reopening when it is back", name, why);
        handles.forEach(h -> h.portState(false, why));
    }

    /** Closes the port for good (its last handle closed). */
    synchronized void close() {
        jssc.SerialPort p = port;
        port = null;
        if (p != null) {
            closeQuietly(p);
            LOG.info("serial port {} closed", name);
        }
    }

    boolean vanished() {
        return port != null && !Files.exists(Path.of(name));
    }

    boolean wantsReopen() {
        return port == null && goneReason != null && Files.exists(Path.of(name));
    }

    <T> T exchange(Duration wait, SerialPort.Exchange<T> work) throws IOException, TimeoutException, InterruptedException {
        if (!bus.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("serial port " + name + " busy for " + wait.toMillis() + " ms");
        }
        try {
            jssc.SerialPort p = port;
            if (p == null) {
                throw new IOException("serial port " + name + " is not open" + (goneReason == null ? "" : ": " + goneReason));
            }
            return work.run(new Link(p));
        } finally {
            bus.unlock();
        }
    }

    /** Called by the shared reader: delivers what arrived outside exchanges, never waits for the bus. */
    void poll() {
        jssc.SerialPort p = port;
        if (p == null || handles.stream().noneMatch(PortHandle::listening) || !bus.tryLock()) {
            return;
        }
        try {
            int n = p.getInputBufferBytesCount();
            if (n < 0) {
                lost("input buffer unreadable");
                return;
            }
            if (n == 0) {
                return;
            }
            byte[] data = p.readBytes(n);
            lastTraffic = System.nanoTime();
            if (LOG.isTraceEnabled()) {
                LOG.trace("serial {} < {}", name, HEX.formatHex(data));
            }
            for (PortHandle h : handles) {
                h.deliver(data);
            }
        } catch (SerialPortException e) {
            lost(reason(e));
        } finally {
            bus.unlock();
        }
    }

    private final class Link implements SerialLink {
        private final jssc.SerialPort p;

        Link(jssc.SerialPort p) {
            this.p = p;
        }

        @Override
        public LineSettings settings() {
            return settings;
        }

        @Override
        public void write(byte[] data) throws IOException {
            try {
                if (LOG.isTraceEnabled()) {
                    LOG.trace("serial {} > {}", name, HEX.formatHex(data));
                }
                if (!p.writeBytes(data)) {
                    throw new IOException("serial port " + name + ": write refused");
                }
                lastTraffic = System.nanoTime();
            } catch (SerialPortException e) {
                lost(reason(e));
                throw new IOException("serial port " + name + ": " + reason(e), e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    int n = p.getInputBufferBytesCount();
                    if (n < 0) {
                        lost("input buffer unreadable");
                        throw new IOException("serial port " + name + " is gone");
                    }
                    if (n > 0) {
                        byte[] data = p.readBytes(Math.min(n, length));
                        System.arraycopy(data, 0, buffer, offset, data.length);
                        lastTraffic = System.nanoTime();
                        return data.length;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return 0;
                    }
                    LockSupport.parkNanos(Math.min(left, READ_POLL_NANOS));
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            } catch (SerialPortException e) {
                lost(reason(e));
                throw new IOException("serial port " + name + ": " + reason(e), e);
            }
        }

        @Override
        public void discardInput() throws IOException {
            try {
                int n = p.getInputBufferBytesCount();
                if (n > 0) {
                    p.readBytes(n);
                }
            } catch (SerialPortException e) {
                lost(reason(e));
                throw new IOException("serial port " + name + ": " + reason(e), e);
            }
        }

        @Override
        public long nanosSinceLastTraffic() {
            return System.nanoTime() - lastTraffic;
        }
    }

    private static int stopBits(LineSettings s) {
        return switch (s.stopBits()) {
            case ONE -> jssc.SerialPort.STOPBITS_1;
            case ONE_AND_HALF -> jssc.SerialPort.STOPBITS_1_5;
            case TWO -> jssc.SerialPort.STOPBITS_2;
        };
    }

    private static int parity(LineSettings s) {
        return switch (s.parity()) {
            case NONE -> jssc.SerialPort.PARITY_NONE;
            case EVEN -> jssc.SerialPort.PARITY_EVEN;
            case ODD -> jssc.SerialPort.PARITY_ODD;
            case MARK -> jssc.SerialPort.PARITY_MARK;
            case SPACE -> jssc.SerialPort.PARITY_SPACE;
        };
    }

    static String reason(SerialPortException e) {
        return e.getExceptionType() != null ? e.getExceptionType() : e.getMessage();
    }

    private static void closeQuietly(jssc.SerialPort p) {
        try {
            if (p.isOpened()) {
                p.closePort();
            }
        } catch (SerialPortException e) {
            LOG.debug("closing {}: {}", p.getPortName(), e.getMessage());
        }
    }
}
