package org.mviot.edge.driver.serial.internal.line;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.serial.SerialListener;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.driver.serial.internal.stream.ReceivedValues;
import org.mviot.edge.driver.serial.internal.transport.FollowingPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open serial line device: cuts the received bytes into lines, reads the channels' values from
 * each line and pushes them; lines that cannot be read are counted and logged, never thrown.
 * Polled channels get the last value received.
 */
final class LineDevice implements DeviceConnection, SerialListener {

    private static final Logger LOG = LoggerFactory.getLogger(LineDevice.class);
    /** Garbage is logged at WARN the first time and then once per this many lines, so a noisy line cannot flood the log. */
    private static final long WARN_EVERY = 100;

    private final LineFormat format;
    private final FollowingPort port;
    /** The port's name, set before the port can report its state. */
    private final String portName;
    private final ReceivedValues received;
    private final Duration writeWait;
    private final byte[] delimiter;
    /** The line being received: at most {@code maxLineLength + 1} bytes, the delimiter included. */
    private final byte[] pending;
    private int len;
    private final AtomicLong garbage = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private boolean discarding;

    LineDevice(LineFormat format, SerialPort port, DeviceListener listener, Duration writeWait) {
        this.format = format;
        this.portName = port.name();
        this.received = new ReceivedValues(listener, "line");
        this.writeWait = writeWait;
        this.delimiter = format.delimiter().getBytes(StandardCharsets.ISO_8859_1);
        // a line longer than maxLineLength is garbage as soon as its next byte is not the delimiter's end
        this.pending = new byte[Math.max(format.maxLineLength(), delimiter.length) + 1];
        // last: the port starts delivering bytes to this device at once, so every field must be set
        this.port = new FollowingPort(port, format.device(), this);
    }

    /**
     * @return lines that could not be read so far
     */
    long garbage() {
        return garbage.get();
    }

    /**
     * @return lines read so far
     */
    long lines() {
        return lines.get();
    }

    /**
     * @return bytes received and not yet cut into a line (for tests: never more than {@code maxLineLength + 1})
     */
    synchronized int buffered() {
        return len;
    }

    @Override
    public synchronized void onData(byte[] data) {
        for (byte b : data) {
            pending[len++] = b;
            if (endsWithDelimiter()) {
                int n = len - delimiter.length;
                len = 0;
                if (discarding) {
                    discarding = false;
                    continue;
                }
                line(new String(pending, 0, n, StandardCharsets.ISO_8859_1));
            } else if (len > format.maxLineLength()) {
                if (!discarding) {
                    garbage("no delimiter within " + format.maxLineLength() + " bytes", "");
                }
                discarding = true;
                // keep what may be the start of a delimiter of several bytes: the line ends where that delimiter does
                int keep = delimiter.length - 1;
                System.arraycopy(pending, len - keep, pending, 0, keep);
                len = keep;
            }
        }
    }

    private boolean endsWithDelimiter() {
        if (len < delimiter.length) {
            return false;
        }
        for (int i = 0, at = len - delimiter.length; i < delimiter.length; i++) {
            if (pending[at + i] != delimiter[i]) {
                return false;
            }
        }
        return true;
    }

    private void line(String text) {
        if (text.isBlank()) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7F) {
                garbage("control byte 0x" + Integer.toHexString(c) + " in the line", text);
                return;
            }
        }
        Map<String, Object> values;
        try {
            values = format.values(text);
        } catch (IllegalArgumentException e) {
            garbage(e.getMessage(), text);
            return;
        } catch (StackOverflowError e) {
            // java.util.regex recurses per repetition of some patterns: a long line must not end the serial reader thread
            garbage("the line is too long or too complex for the pattern", text);
            return;
        }
        lines.incrementAndGet();
        LOG.trace("device {} line: {}", format.device(), text);
        received.accept(values);
    }

    private void garbage(String why, String text) {
        long n = garbage.incrementAndGet();
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        if (n == 1 || n % WARN_EVERY == 0) {
            LOG.warn("device {}: {} unreadable line{} so far; latest: {}: '{}'", format.device(), n, n == 1 ? "" : "s", why,
                    printable(shown));
        } else {
            LOG.debug("device {}: unreadable line: {}: '{}'", format.device(), why, printable(shown));
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    @Override
    public void onPortState(boolean open, String reason) {
        received.portState(portName, open, reason);
    }

    @Override
    public List<Reading> read(List<ChannelSpec> channels) {
        return received.read(channels);
    }

    @Override
    public void write(ChannelSpec channel, Object value) throws DriverException, InterruptedException {
        LineFormat.Field f = format.channels().stream().filter(x -> x.spec().name().equals(channel.name())).findFirst().orElse(null);
        if (f == null || f.command() == null) {
            throw new DriverException("device '" + format.device() + "' channel '" + channel.name() + "' has no command to send");
        }
        byte[] text = LineFormat.command(f, value).getBytes(StandardCharsets.ISO_8859_1);
        try {
            port.exchange(writeWait, link -> {
                link.write(text);
                return null;
            });
        } catch (IOException | TimeoutException e) {
            throw new DriverException("device '" + format.device() + "' channel '" + channel.name() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void subscribe(List<ChannelSpec> channels) {
        received.subscribe(channels);
    }

    /**
     * @return the device's port, which follows transport-serial's service as it comes and goes
     */
    public FollowingPort port() {
        return port;
    }

    @Override
    public void close() {
        port.close();
        LOG.info("device {} closed ({} lines read, {} unreadable)", format.device(), lines.get(), garbage.get());
    }
}
