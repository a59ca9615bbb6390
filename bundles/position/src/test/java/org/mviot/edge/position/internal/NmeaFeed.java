package org.mviot.edge.position.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import org.mviot.edge.position.internal.nmea.Nmea;

/**
 * A GNSS receiver played by the test: writes an epoch of current-dated NMEA to a pseudo-terminal
 * five times a second: a fix, no fix, or a fix wrapped in garbage and bad checksums. Bounded: at
 * most {@value #MAX_EPOCHS} epochs, and it stops when the terminal goes away or on close.
 */
final class NmeaFeed implements AutoCloseable {

    /** What the receiver says. */
    enum Mode {
        /** A 3D fix. */
        FIX,
        /** No fix. */
        NO_FIX,
        /** A fix, plus a line of noise and a sentence with a wrong checksum each epoch. */
        FIX_WITH_NOISE
    }

    private static final int MAX_EPOCHS = 1500;
    private final Path device;
    private final Thread thread;
    private volatile Mode mode;
    private volatile boolean running = true;

    NmeaFeed(Path device, Mode mode) {
        this.device = device;
        this.mode = mode;
        thread = new Thread(this::run, "nmea-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void mode(Mode m) {
        mode = m;
    }

    private void run() {
        try (OutputStream out = new FileOutputStream(device.toFile())) {
            for (int i = 0; i < MAX_EPOCHS && running; i++) {
                String epoch = switch (mode) {
                    case FIX -> Nmea.fixEpoch();
                    case NO_FIX -> Nmea.noFixEpoch();
                    case FIX_WITH_NOISE -> "\u0000\u00ff garbage from a noisy line\r\n"
                            + "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*00\r\n" + Nmea.fixEpoch();
                };
                out.write(epoch.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                LockSupport.parkNanos(200_000_000L); // the receiver's 5 Hz cadence
            }
        } catch (IOException e) {
            // the terminal went away: the receiver is unplugged
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
