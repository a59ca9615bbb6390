package org.mviot.edge.transport.serial.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialListener;
import org.mviot.edge.api.serial.SerialPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One owner's share of a {@link SharedPort}. */
final class PortHandle implements SerialPort {

    private static final Logger LOG = LoggerFactory.getLogger(PortHandle.class);

    private final SharedPort port;
    private final String owner;
    private final JsscSerialPorts service;
    private volatile SerialListener listener;
    private volatile boolean closed;

    PortHandle(SharedPort port, String owner, JsscSerialPorts service) {
        this.port = port;
        this.owner = owner;
        this.service = service;
    }

    String owner() {
        return owner;
    }

    @Override
    public String name() {
        return port.name();
    }

    @Override
    public LineSettings settings() {
        return port.settings();
    }

    @Override
    public boolean isOpen() {
        return !closed && port.isOpen();
    }

    @Override
    public <T> T exchange(Duration wait, Exchange<T> exchange) throws IOException, TimeoutException, InterruptedException {
        if (closed) {
            throw new IOException("serial port " + port.name() + ": handle of " + owner + " is closed");
        }
        return port.exchange(wait, exchange);
    }

    @Override
    public void listen(SerialListener l) {
        this.listener = l;
    }

    boolean listening() {
        return listener != null;
    }

    void deliver(byte[] data) {
        SerialListener l = listener;
        if (l != null) {
            try {
                l.onData(data.clone());
            } catch (RuntimeException | StackOverflowError | LinkageError e) {
                // one device's listener (or its bundle, uninstalled meanwhile) must not end the reader every port shares
                LOG.error("serial port {}: listener of {} failed", port.name(), owner, e);
            }
        }
    }

    void portState(boolean open, String reason) {
        SerialListener l = listener;
        if (l != null) {
            try {
                l.onPortState(open, reason);
            } catch (RuntimeException | StackOverflowError | LinkageError e) {
                // one device's listener (or its bundle, uninstalled meanwhile) must not end the reader every port shares
                LOG.error("serial port {}: listener of {} failed", port.name(), owner, e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            listener = null;
            service.release(port, this);
        }
    }
}
