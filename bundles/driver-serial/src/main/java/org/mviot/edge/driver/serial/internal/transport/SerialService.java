package org.mviot.edge.driver.serial.internal.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.api.serial.SerialPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial port service of transport-serial as it comes and goes, and the open devices' ports
 * that follow it. The serial driver binds the service dynamically, so updating, removing or adding
 * transport-serial never restarts the driver: its devices stay open, report themselves offline
 * naming transport-serial while the service is absent, and take new handles on their ports as soon
 * as a service is bound again (on the driver's one reopen thread, retrying a port that cannot be
 * opened every {@value #RETRY_SECONDS} s).
 */
public final class SerialService {

    /** Why a serial device cannot work while the service is absent; names the bundle and the feature to install. */
    public static final String ABSENT = "the serial driver needs the serial port service of bundle org.mviot.edge.transport.serial"
            + " (feature transport-serial), which is not installed or not started";
    /** How often a port that cannot be opened again is retried. */
    static final long RETRY_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SerialService.class);

    private final ScheduledExecutorService reopener;
    private SerialPorts current;
    private final List<FollowingPort> followers = new ArrayList<>();

    /**
     * @param reopener the driver's thread that takes new handles for open devices
     */
    public SerialService(ScheduledExecutorService reopener) {
        this.reopener = reopener;
    }

    /**
     * @return the service now, or {@code null} while transport-serial is absent
     */
    public synchronized SerialPorts current() {
        return current;
    }

    /**
     * Opens a handle on a port from the service bound now.
     *
     * @param name  the port
     * @param line  its settings
     * @param owner the device
     * @return the handle and the service it came from, to {@link #follow}
     * @throws IOException when transport-serial is absent ({@link #ABSENT}) or the port cannot be opened
     */
    public Opened open(String name, LineSettings line, String owner) throws IOException {
        SerialPorts service = current();
        if (service == null) {
            throw new IOException(ABSENT);
        }
        return new Opened(service.open(name, line, owner), service);
    }

    /**
     * A handle and the service it came from.
     *
     * @param handle  the handle
     * @param service the service
     */
    public record Opened(SerialPort handle, SerialPorts service) {
    }

    /**
     * Makes an open device's port follow the service from now on.
     *
     * @param port the device's port
     * @param from the service its handle came from
     */
    public void follow(FollowingPort port, SerialPorts from) {
        port.cameFrom(from);
        SerialPorts now;
        synchronized (this) {
            followers.removeIf(FollowingPort::closed);
            followers.add(port);
            now = current;
        }
        if (now != from) {
            // the service changed between the open and now: catch up as a bind or unbind would have
            port.drop(from, ABSENT);
            if (now != null) {
                submit(port, now);
            }
        }
    }

    /**
     * A service arrived: every open device takes a handle from it.
     *
     * @param ports the service
     */
    public void bind(SerialPorts ports) {
        List<FollowingPort> todo;
        synchronized (this) {
            current = ports;
            followers.removeIf(FollowingPort::closed);
            todo = List.copyOf(followers);
        }
        todo.forEach(p -> submit(p, ports));
    }

    /**
     * A service left (transport-serial updated, stopped or uninstalled): the devices with handles from
     * it give them up and report themselves offline, or move to a service bound meanwhile.
     *
     * @param ports the service
     */
    public void unbind(SerialPorts ports) {
        List<FollowingPort> todo;
        SerialPorts now;
        synchronized (this) {
            if (current == ports) {
                current = null;
            }
            now = current;
            followers.removeIf(FollowingPort::closed);
            todo = List.copyOf(followers);
        }
        for (FollowingPort p : todo) {
            p.drop(ports, ABSENT);
            if (now != null) {
                submit(p, now);
            }
        }
    }

    private void submit(FollowingPort port, SerialPorts ports) {
        try {
            reopener.execute(() -> reopen(port, ports));
        } catch (RejectedExecutionException e) {
            // the driver is stopping: its devices are being closed
        }
    }

    private void reopen(FollowingPort port, SerialPorts ports) {
        try {
            if (current() != ports || port.closed() || port.from() == ports) {
                return;
            }
            SerialPort h;
            try {
                h = ports.open(port.name(), port.line(), port.owner());
            } catch (IOException e) {
                // a device still reading through a handle from another service keeps it; one without a handle says why
                port.drop(ports, "serial port " + port.name() + " cannot be opened again: " + e.getMessage() + "; retrying every "
                        + RETRY_SECONDS + " s");
                reopener.schedule(() -> reopen(port, ports), RETRY_SECONDS, TimeUnit.SECONDS);
                return;
            }
            if (port.take(h, ports)) {
                LOG.info("device {}: serial port {} open again through transport-serial", port.owner(), port.name());
            }
            if (current() != ports) {
                port.drop(ports, ABSENT); // the service left while the port was being opened, and its unbind saw the old handle
            }
        } catch (RejectedExecutionException e) {
            // the driver is stopping
        } catch (RuntimeException e) {
            LOG.error("device {}: reopening serial port {} failed", port.owner(), port.name(), e);
        }
    }
}
