package org.mviot.edge.driver.serial.internal.frame;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
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
 * One open binary-frame device: finds fixed-length frames in the received bytes (by their sync bytes
 * and checksum), reads the channels' values from each good frame and pushes them. Bytes that are no
 * frame and frames with a wrong checksum are counted and logged, never thrown; the device then
 * searches for the next sync bytes (or, without sync bytes, slides one byte at a time until the
 * checksum is right again). Polled channels get the last value received.
 *
 * <p>Counting: a run of bytes skipped because they do not start with the sync bytes counts as one bad
 * frame however long it is; a frame with a wrong checksum counts as one, and the bytes skipped after
 * it up to the next frame start belong to it. Without sync bytes the driver cannot tell where one bad
 * frame ends, so a whole run of bytes with wrong checksums counts once.
 */
public final class FrameDevice implements DeviceConnection, SerialListener {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDevice.class);
    /** Bad frames are logged at WARN the first time and then once per this many, so a noisy line cannot flood the log. */
    private static final long WARN_EVERY = 100;
    /** Bytes of a bad frame shown in the log. */
    private static final int SHOWN = 32;

    private final FrameFormat format;
    private final FollowingPort port;
    /** The port's name, set before the port can report its state. */
    private final String portName;
    private final ReceivedValues received;
    private final Duration writeWait;
    private final AtomicLong bad = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private byte[] buf;
    private int len;
    /** Stream position of {@code buf[0]}. */
    private long base;
    /** Stream position up to which skipped bytes belong to a bad frame already counted. */
    private long counted;
    /** Whether the bytes just before the current position were skipped (a run in progress). */
    private boolean skipping;

    /**
     * @param format    the frames
     * @param port      the port handle; this device listens to it and closes it
     * @param listener  where values and status go
     * @param writeWait longest wait for the port on a write
     */
    public FrameDevice(FrameFormat format, SerialPort port, DeviceListener listener, Duration writeWait) {
        this.format = format;
        this.portName = port.name();
        this.received = new ReceivedValues(listener, "frame");
        this.writeWait = writeWait;
        this.buf = new byte[Math.max(256, 2 * format.frameLength())];
        // last: the port starts delivering bytes to this device at once, so every field must be set
        this.port = new FollowingPort(port, format.device(), this);
    }

    /**
     * @return bad frames so far (see the class comment for how they are counted)
     */
    public long badFrames() {
        return bad.get();
    }

    /**
     * @return good frames read so far
     */
    public long frames() {
        return frames.get();
    }

    /**
     * @return bytes received and not yet used up (for tests: always less than one frame after {@link #onData})
     */
    synchronized int buffered() {
        return len;
    }

    @Override
    public synchronized void onData(byte[] data) {
        if (len + data.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, len + data.length));
        }
        System.arraycopy(data, 0, buf, len, data.length);
        len += data.length;
        int pos = parse();
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
        base += pos;
        int normal = Math.max(256, 2 * format.frameLength());
        if (buf.length > 4 * normal && len < normal) {
            buf = Arrays.copyOf(buf, normal); // after one huge read
        }
    }

    /**
     * Takes every whole frame from the buffer.
     *
     * @return how many bytes were used up
     */
    private int parse() {
        int n = format.frameLength();
        byte[] sync = format.sync();
        int pos = 0;
        while (true) {
            if (sync.length > 0) {
                int at = findSync(pos, sync);
                if (at > pos) {
                    skip(pos, at, "no sync " + FrameFormat.hex(sync, 0, sync.length) + " at the frame start, searching for it");
                    pos = at;
                }
            }
            if (len - pos < n) {
                return pos;
            }
            skipping = false;
            String problem = format.checksumProblem(buf, pos);
            if (problem != null) {
                badFrame(base + pos, base + pos + n, problem, pos, n);
                pos++;
                continue;
            }
            Map<String, Object> values;
            try {
                values = format.values(buf, pos);
            } catch (IllegalArgumentException e) {
                badFrame(base + pos, base + pos + n, e.getMessage(), pos, n);
                pos += n;
                continue;
            }
            if (LOG.isTraceEnabled()) {
                LOG.trace("device {} frame: {}", format.device(), FrameFormat.hex(buf, pos, pos + n));
            }
            pos += n;
            counted = Math.max(counted, base + pos);
            frames.incrementAndGet();
            received.accept(values);
        }
    }

    /**
     * @return the first position at or after {@code from} where the sync bytes start, or where a
     *         beginning of them ends the buffer; {@code len} when there is none
     */
    private int findSync(int from, byte[] sync) {
        outer:
        for (int i = from; i < len; i++) {
            for (int k = 0; k < sync.length && i + k < len; k++) {
                if (buf[i + k] != sync[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return len;
    }

    private void skip(int from, int to, String why) {
        long start = base + from;
        if (!skipping && start >= counted) {
            count(why, from, to);
        }
        skipping = true;
        counted = Math.max(counted, base + to);
    }

    private void badFrame(long start, long end, String why, int from, int n) {
        if (start >= counted) {
            count(why, from, from + n);
        }
        counted = Math.max(counted, end);
    }

    private void count(String why, int from, int to) {
        long k = bad.incrementAndGet();
        String shown = FrameFormat.hex(buf, from, Math.min(to, from + SHOWN)) + (to - from > SHOWN ? " …" : "");
        if (k == 1 || k % WARN_EVERY == 0) {
            LOG.warn("device {}: {} bad frame{} so far; latest: {}: {}", format.device(), k, k == 1 ? "" : "s", why, shown);
        } else {
            LOG.debug("device {}: bad frame: {}: {}", format.device(), why, shown);
        }
    }

    @Override
    public void onPortState(boolean open, String reason) {
        synchronized (this) {
            base += len; // a partial frame from before the port went away never completes
            len = 0;
            skipping = false;
        }
        received.portState(portName, open, reason);
    }

    @Override
    public List<Reading> read(List<ChannelSpec> channels) {
        return received.read(channels);
    }

    @Override
    public void write(ChannelSpec channel, Object value) throws DriverException, InterruptedException {
        FrameFormat.Slot s = format.channels().stream().filter(x -> x.spec().name().equals(channel.name())).findFirst().orElse(null);
        String who = "device '" + format.device() + "' channel '" + channel.name() + "'";
        if (s == null || s.command() == null) {
            throw new DriverException(who + " has no command to send");
        }
        byte[] bytes;
        try {
            bytes = FrameFormat.command(s, value);
        } catch (IllegalArgumentException e) {
            throw new DriverException(who + ": value " + value + " refused: " + e.getMessage());
        }
        try {
            port.exchange(writeWait, link -> {
                link.write(bytes);
                return null;
            });
        } catch (IOException | TimeoutException e) {
            throw new DriverException(who + ": " + e.getMessage(), e);
        }
        LOG.debug("device {} channel {}: sent {}", format.device(), channel.name(), FrameFormat.hex(bytes, 0, bytes.length));
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
        LOG.info("device {} closed ({} frames read, {} bad)", format.device(), frames.get(), bad.get());
    }
}
