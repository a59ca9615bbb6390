package org.mviot.edge.position.internal.serial;

import java.io.IOException;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialListener;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.api.serial.SerialPorts;
import org.mviot.edge.position.internal.gnss.GnssTracker;
import org.mviot.edge.position.internal.nmea.NmeaLineReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GNSS receiver speaking NMEA 0183 on a serial port of the {@link SerialPorts} service: the
 * port's bytes go through a {@link NmeaLineReader} into a {@link GnssTracker}. The serial service
 * reopens a port that was unplugged; while it is gone the fix is lost.
 */
public final class SerialNmeaReceiver implements SerialListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialNmeaReceiver.class);

    private final String portName;
    private final GnssTracker tracker;
    private final NmeaLineReader reader;
    private final SerialPort port;

    /**
     * Opens the port and starts listening.
     *
     * @param ports    the serial port service
     * @param portName the port
     * @param baud     its speed (NMEA receivers: 4800 or 9600, many 38400 or more)
     * @param tracker  where fixes go
     * @throws IOException naming the port when it cannot be opened
     */
    public SerialNmeaReceiver(SerialPorts ports, String portName, int baud, GnssTracker tracker) throws IOException {
        this.portName = portName;
        this.tracker = tracker;
        this.reader = new NmeaLineReader(s -> tracker.accept(s, System.currentTimeMillis(), System.nanoTime()));
        this.port = ports.open(portName, LineSettings.of(baud), "position (GNSS receiver)");
        port.listen(this);
        LOG.info("GNSS receiver on {} at {} baud: listening", portName, baud);
    }

    @Override
    public void onData(byte[] data) {
        try {
            reader.feed(data, 0, data.length);
        } catch (RuntimeException e) {
            // the parser never throws on input: this is a bug, but the serial thread must survive it
            LOG.error("GNSS receiver on {}: NMEA input could not be handled", portName, e);
        }
    }

    @Override
    public void onPortState(boolean open, String reason) {
        if (!open) {
            tracker.lost("GNSS receiver port " + portName + " gone: " + reason, System.currentTimeMillis());
        }
        LOG.info("GNSS receiver port {} {}: {}", portName, open ? "back" : "gone", reason);
    }

    /** @return the NMEA line counts */
    public String statistics() {
        return "NMEA on " + portName + (port.isOpen() ? "" : " (port gone)") + ": " + reader.statistics();
    }

    /** Stops listening and releases the port. */
    @Override
    public void close() {
        port.listen(null);
        port.close();
    }
}
