package org.mviot.edge.api.serial;

import java.io.IOException;
import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/** The line during one {@link SerialPort.Exchange}: raw bytes in and out, every read bounded by a timeout. */
@ProviderType
public interface SerialLink {

    /**
     * @return the line settings (for character times)
     */
    LineSettings settings();

    /**
     * Sends bytes.
     *
     * @param data the bytes
     * @throws IOException when the port fails
     */
    void write(byte[] data) throws IOException;

    /**
     * Reads what has arrived, waiting at most {@code timeout} for the first byte.
     *
     * @param buffer  where the bytes go
     * @param offset  first index to fill
     * @param length  most bytes to read
     * @param timeout longest wait for the first byte
     * @return bytes read, 0 when none came in time
     * @throws IOException          when the port fails
     * @throws InterruptedException when the caller gave up
     */
    int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException, InterruptedException;

    /**
     * Drops whatever has been received and not read.
     *
     * @throws IOException when the port fails
     */
    void discardInput() throws IOException;

    /**
     * @return nanoseconds since the last byte was sent or received on this port (for inter-frame silences)
     */
    long nanosSinceLastTraffic();
}
