package org.mviot.edge.driver.serial.internal.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialListener;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.api.serial.SerialPorts;

/**
 * One device's handle on its serial port that follows transport-serial's service as it comes and
 * goes: {@link SerialService} takes the handle away when the service leaves (the device reports
 * itself offline with the reason) and gives it a handle from the next service (the device reports
 * itself back), while the device stays open. Bytes and port states go to the device's listener.
 *
 * <p>Methods never call the core or another bundle while holding this object's lock, so a status
 * report cannot deadlock against the core closing the device.
 */
public final class FollowingPort {

    private final String name;
    private final LineSettings line;
    private final String owner;
    private final SerialListener listener;
    /** The handle now, or {@code null} while the service is absent (guarded by this). */
    private SerialPort handle;
    /** The service the handle came from; {@code null} when not known or absent (guarded by this). */
    private SerialPorts from;
    private boolean closed;
    /** Why there is no handle, as last reported; {@code null} while there is one. */
    private volatile String down;

    /**
     * @param first    the device's first handle; this port listens to it for the device
     * @param owner    the device, named in the service's messages
     * @param listener the device, receiving bytes and port states
     */
    public FollowingPort(SerialPort first, String owner, SerialListener listener) {
        this.name = first.name();
        this.line = first.settings();
        this.owner = owner;
        this.listener = listener;
        this.handle = first;
        first.listen(listener);
    }

    /**
     * @return the port's device path
     */
    public String name() {
        return name;
    }

    LineSettings line() {
        return line;
    }

    String owner() {
        return owner;
    }

    synchronized SerialPorts from() {
        return from;
    }

    synchronized void cameFrom(SerialPorts service) {
        from = service;
    }

    synchronized boolean closed() {
        return closed;
    }

    /**
     * Runs an exchange on the handle now.
     *
     * @param <T>      the result
     * @param wait     longest wait for the line
     * @param exchange the work
     * @return what it returned
     * @throws IOException          when there is no handle (the message says why: transport-serial absent) or the line failed
     * @throws TimeoutException     when the line stayed busy
     * @throws InterruptedException when the caller gave up
     */
    public <T> T exchange(Duration wait, SerialPort.Exchange<T> exchange) throws IOException, TimeoutException, InterruptedException {
        SerialPort h;
        synchronized (this) {
            h = handle;
        }
        if (h == null) {
            String why = down;
            throw new IOException(why != null ? why : "serial port " + name + " is closed");
        }
        return h.exchange(wait, exchange);
    }

    /**
     * Takes a handle from a service (transport-serial came back or was replaced), releasing the one
     * from before, and tells the device its port is back.
     *
     * @param h       the new handle
     * @param service the service it came from
     * @return false when the device closed meanwhile (the handle is closed then)
     */
    boolean take(SerialPort h, SerialPorts service) {
        SerialPort old;
        synchronized (this) {
            if (closed) {
                old = h;
            } else {
                old = handle;
                boolean wasDown = handle == null;
                handle = h;
                from = service;
                down = null;
                h.listen(listener);
                // told under the lock: a drop racing with this take reports in the order the state changed
                if (wasDown && old != h) {
                    listener.onPortState(true, "transport-serial's serial port service is back");
                }
            }
        }
        release(old);
        return old != h;
    }

    /**
     * Gives up the handle (the service left, or a new one could not be had) and tells the device why,
     * once per reason.
     *
     * @param onlyFrom give up only a handle from this service; {@code null} for any handle
     * @param reason   why, naming transport-serial
     */
    void drop(SerialPorts onlyFrom, String reason) {
        SerialPort old;
        synchronized (this) {
            // a handle from another service (one bound meanwhile) stays; a port without a handle takes the newer reason
            if (closed || onlyFrom != null && handle != null && from != onlyFrom || reason.equals(down)) {
                return;
            }
            old = handle;
            handle = null;
            from = null;
            down = reason;
            listener.onPortState(false, reason);
        }
        release(old);
    }

    /** Releases the handle for good. Never throws. */
    public void close() {
        SerialPort old;
        synchronized (this) {
            closed = true;
            old = handle;
            handle = null;
        }
        release(old);
    }

    private static void release(SerialPort h) {
        if (h == null) {
            return;
        }
        try {
            h.listen(null);
            h.close();
        } catch (RuntimeException e) {
            // a departing service may refuse; the handle is gone with it either way
        }
    }
}
