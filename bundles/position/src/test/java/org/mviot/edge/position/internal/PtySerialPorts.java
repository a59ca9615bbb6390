package org.mviot.edge.position.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialListener;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.api.serial.SerialPorts;

/**
 * A minimal {@link SerialPorts} for the position bundle's own tests: reads a pseudo-terminal (made
 * raw by socat) as a file, reports the port gone when reading fails and back once the path exists
 * again. Listening only: exchanges are refused. The gateway's real serial service (jssc) is used in
 * test-it.
 */
final class PtySerialPorts implements SerialPorts {

    @Override
    public List<String> ports() {
        return List.of();
    }

    @Override
    public SerialPort open(String name, LineSettings settings, String owner) throws IOException {
        if (!Files.exists(Path.of(name))) {
            throw new IOException("serial port " + name + " does not exist");
        }
        return new PtyPort(name, settings);
    }

    private static final class PtyPort implements SerialPort {

        private final String name;
        private final LineSettings settings;
        private final Thread thread;
        private volatile SerialListener listener;
        private volatile boolean open = true;
        private volatile boolean closed;

        PtyPort(String name, LineSettings settings) {
            this.name = name;
            this.settings = settings;
            thread = new Thread(this::read, "pty-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void read() {
            byte[] buf = new byte[256];
            while (!closed) {
                try (InputStream in = new FileInputStream(name)) {
                    if (!open) {
                        open = true;
                        notifyState(true, "reopened");
                    }
                    for (int n; !closed && (n = in.read(buf)) >= 0; ) {
                        SerialListener l = listener;
                        if (l != null && n > 0) {
                            l.onData(Arrays.copyOf(buf, n));
                        }
                    }
                } catch (IOException e) {
                    // the other end went away (socat ended): EIO, or the path is gone
                }
                if (open && !closed) {
                    open = false;
                    notifyState(false, "read failed");
                }
                LockSupport.parkNanos(50_000_000L); // the reopen period of this adapter
            }
        }

        private void notifyState(boolean isOpen, String reason) {
            SerialListener l = listener;
            if (l != null) {
                l.onPortState(isOpen, reason);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public LineSettings settings() {
            return settings;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public <T> T exchange(Duration wait, Exchange<T> exchange) throws IOException, TimeoutException, InterruptedException {
            throw new IOException("the test adapter only listens");
        }

        @Override
        public void listen(SerialListener l) {
            listener = l;
        }

        @Override
        public void close() {
            closed = true;
            listener = null;
        }
    }
}
