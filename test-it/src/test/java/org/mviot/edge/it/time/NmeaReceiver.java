package org.mviot.edge.it.time;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.LockSupport;

import org.mviot.edge.testsupport.PtyPair;

/**
 * A GNSS receiver played by the test on one end of a socat pseudo-terminal pair: five epochs of
 * current-dated NMEA a second (a 3D fix at 48.1173 N 11.5167 E, or no fix), at most 1500 epochs.
 * The gateway opens the other end through the serial port service.
 */
final class NmeaReceiver implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss.SS");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("ddMMyy");

    private final PtyPair pty;
    private final Thread thread;
    private volatile boolean fix = true;
    private volatile boolean running = true;

    NmeaReceiver(Path dir) throws IOException {
        pty = PtyPair.start(dir.resolve("gnss"), dir.resolve("receiver"));
        thread = new Thread(() -> feed(pty.b()), "nmea-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    Path port() {
        return pty.a();
    }

    void fix(boolean f) {
        fix = f;
    }

    private void feed(Path device) {
        try (OutputStream out = new FileOutputStream(device.toFile())) {
            for (int i = 0; i < 1500 && running; i++) {
                ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
                String t = TIME.format(now);
                String epoch = fix
                        ? sentence("GPGGA," + t + ",4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")
                                + sentence("GPRMC," + t + ",A,4807.038,N,01131.000,E,022.4,084.4," + DATE.format(now) + ",003.1,W")
                                + sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1")
                        : sentence("GPGGA," + t + ",,,,,0,00,99.99,,,,,,") + sentence("GPRMC," + t + ",V,,,,,,," + DATE.format(now) + ",,,N")
                                + sentence("GPGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99");
                out.write(epoch.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                LockSupport.parkNanos(200_000_000L); // the receiver's 5 Hz cadence
            }
        } catch (IOException e) {
            // the pseudo-terminal went away
        }
    }

    private static String sentence(String body) {
        int sum = 0;
        for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
            sum ^= b;
        }
        return "$" + body + "*" + String.format("%02X", sum) + "\r\n";
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pty.close();
    }
}
