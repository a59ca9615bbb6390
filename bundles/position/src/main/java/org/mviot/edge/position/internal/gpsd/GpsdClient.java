package org.mviot.edge.position.internal.gpsd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.mviot.edge.position.internal.gnss.GnssTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of gpsd's JSON protocol: connects, sends {@code ?WATCH={"enable":true,"json":true}}, and
 * applies each TPV and SKY report to a {@link GnssTracker}. When the connection fails or closes the
 * fix is lost at once and the client reconnects after 1 s, doubling up to 30 s. Lines are bounded
 * ({@value #MAX_LINE} bytes: a SKY with dozens of satellites is a few kilobytes); a longer one is
 * skipped and counted. A connection has a thread of its own ({@code mviot-gpsd-PORT}) while it is
 * tried and open; between attempts (gpsd not running: 30 s apart) the client has no thread, the
 * gateway's shared scheduler starts the next attempt.
 */
public final class GpsdClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GpsdClient.class);
    /** Longest line taken from gpsd. */
    static final int MAX_LINE = 64 * 1024;
    private static final byte[] WATCH = "?WATCH={\"enable\":true,\"json\":true};\n".getBytes(StandardCharsets.US_ASCII);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final GnssTracker tracker;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor connection;
    private volatile ScheduledFuture<?> retry;
    /** Only the connection's thread uses it (attempts run one after the other). */
    private Duration backoff = FIRST_BACKOFF;
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running = true;
    private volatile Socket socket;
    private volatile boolean connected;

    /**
     * Starts the client.
     *
     * @param host    gpsd's host
     * @param port    gpsd's port (2947)
     * @param tracker where fixes go
     * @param scheduler starts the attempts after the first (short tasks only: the attempt runs on the connection's thread)
     */
    public GpsdClient(String host, int port, GnssTracker tracker, ScheduledExecutorService scheduler) {
        this.host = host;
        this.port = port;
        this.tracker = tracker;
        this.scheduler = scheduler;
        connection = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "mviot-gpsd-" + port);
            t.setDaemon(true);
            return t;
        });
        connection.execute(this::attempt);
    }

    /** One connection: tried, read until it ends, and the next attempt scheduled after the back-off. */
    private void attempt() {
        try (Socket s = new Socket()) {
            socket = s;
            s.connect(new InetSocketAddress(host, port), 5000);
            // no read timeout: gpsd's silence is judged by the tracker's fix timeout, and close() ends a read by closing the
            // socket (a 1 s timeout woke the thread every second for nothing)
            OutputStream out = s.getOutputStream();
            out.write(WATCH);
            out.flush();
            connected = true;
            LOG.info("gpsd {}:{}: connected, watching", host, port);
            backoff = FIRST_BACKOFF;
            read(s.getInputStream());
        } catch (IOException e) {
            if (running) {
                LOG.info("gpsd {}:{}: {}; retrying in {} s", host, port, e.getMessage(), backoff.toSeconds());
            }
        } finally {
            if (connected) {
                connected = false;
                tracker.lost("gpsd connection lost", System.currentTimeMillis());
            }
        }
        if (!running) {
            return;
        }
        try {
            retry = scheduler.schedule(this::next, backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            return; // the gateway is stopping
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private void next() {
        if (!running) {
            return;
        }
        try {
            connection.execute(this::attempt);
        } catch (RejectedExecutionException closed) {
            // closed meanwhile
        }
    }

    private void read(InputStream in) throws IOException {
        byte[] line = new byte[MAX_LINE];
        byte[] chunk = new byte[8192];
        int length = 0;
        boolean overlong = false;
        while (running) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                continue; // no read timeout is set; kept for a socket that has one
            }
            if (n < 0) {
                throw new IOException("gpsd closed the connection");
            }
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    if (overlong) {
                        rejected.incrementAndGet();
                    } else if (length > 0) {
                        report(new String(line, 0, length, StandardCharsets.UTF_8));
                    }
                    length = 0;
                    overlong = false;
                } else if (!overlong) {
                    if (length == line.length) {
                        overlong = true;
                    } else {
                        line[length++] = b;
                    }
                }
            }
        }
    }

    private void report(String line) {
        GpsdReport.Kind k = GpsdReport.apply(line, tracker, System.currentTimeMillis(), System.nanoTime());
        if (k == GpsdReport.Kind.INVALID) {
            rejected.incrementAndGet();
        } else {
            reports.incrementAndGet();
        }
    }

    /** @return whether connected to gpsd now */
    public boolean connected() {
        return connected;
    }

    /** @return reports applied, and lines refused */
    public String statistics() {
        return "gpsd " + host + ":" + port + (connected ? " connected" : " not connected") + ", reports " + reports.get() + ", refused lines "
                + rejected.get();
    }

    /** Stops the client and waits for its connection's thread. */
    @Override
    public void close() {
        running = false;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        ScheduledFuture<?> r = retry;
        if (r != null) {
            r.cancel(false);
        }
        connection.shutdownNow();
        try {
            connection.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
