package org.mviot.edge.transport.serial.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.api.serial.SerialPorts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial port service, on jssc. One shared thread ({@code mviot-serial}) reads the ports that
 * have listeners and watches for ports that vanish and come back, only while a port is open (a
 * gateway without serial devices has no thread waking up); exchanges run on their callers' threads.
 */
@Component(service = SerialPorts.class)
@Designate(ocd = JsscSerialPorts.Config.class)
public final class JsscSerialPorts implements SerialPorts {

    private static final Logger LOG = LoggerFactory.getLogger(JsscSerialPorts.class);

    /** Settings of the serial port service. */
    @ObjectClassDefinition(name = "mviot-edge serial ports", description = "How often open serial ports are read and checked")
    public @interface Config {
        /**
         * @return period of the shared reader, in milliseconds
         */
        @AttributeDefinition(name = "Read period (ms)", min = "1")
        int readPeriodMillis() default 20;

        /**
         * @return how often vanished ports are looked for, in milliseconds
         */
        @AttributeDefinition(name = "Reopen period (ms)", min = "10")
        int reopenPeriodMillis() default 1000;
    }

    private final Map<String, SharedPort> ports = new HashMap<>();
    private final Config config;
    private final ScheduledThreadPoolExecutor reader;
    /** The periodic read and watch, while a port is open; else {@code null} (guarded by this). */
    private ScheduledFuture<?> readTask;
    private ScheduledFuture<?> watchTask;

    /**
     * @param config the settings
     */
    @Activate
    public JsscSerialPorts(Config config) {
        if (config.readPeriodMillis() <= 0) {
            throw new IllegalArgumentException("readPeriodMillis must be positive, was " + config.readPeriodMillis());
        }
        if (config.reopenPeriodMillis() < 10) {
            throw new IllegalArgumentException("reopenPeriodMillis must be at least 10, was " + config.reopenPeriodMillis());
        }
        this.config = config;
        reader = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-serial");
            t.setDaemon(true);
            return t;
        });
        reader.setRemoveOnCancelPolicy(true);
    }

    /**
     * @param readPeriodMillis   period of the shared reader, in milliseconds
     * @param reopenPeriodMillis how often vanished ports are looked for, in milliseconds
     * @return a service outside OSGi (tests, benchmarks); {@link #deactivate()} ends it
     */
    public static JsscSerialPorts create(int readPeriodMillis, int reopenPeriodMillis) {
        return new JsscSerialPorts(new Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return Config.class;
            }

            @Override
            public int readPeriodMillis() {
                return readPeriodMillis;
            }

            @Override
            public int reopenPeriodMillis() {
                return reopenPeriodMillis;
            }
        });
    }

    /** Starts the periodic read and watch with the first open port. */
    private void startReading() {
        if (readTask == null) {
            readTask = reader.scheduleWithFixedDelay(this::readAll, config.readPeriodMillis(), config.readPeriodMillis(), TimeUnit.MILLISECONDS);
            watchTask = reader.scheduleWithFixedDelay(this::watch, config.reopenPeriodMillis(), config.reopenPeriodMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops them when the last port closed. */
    private void stopReadingIfIdle() {
        if (ports.isEmpty() && readTask != null) {
            readTask.cancel(false);
            watchTask.cancel(false);
            readTask = null;
            watchTask = null;
        }
    }

    /** @return whether the periodic read and watch are scheduled (for tests) */
    synchronized boolean reading() {
        return readTask != null && !reader.getQueue().isEmpty();
    }

    /** Closes every port and stops the reader. */
    @Deactivate
    public void deactivate() {
        synchronized (this) {
            if (readTask != null) {
                readTask.cancel(false);
                watchTask.cancel(false);
            }
        }
        reader.shutdown();
        try {
            if (!reader.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("serial reader did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            ports.values().forEach(SharedPort::close);
            ports.clear();
        }
    }

    @Override
    public List<String> ports() {
        Set<String> out = new LinkedHashSet<>();
        Path byId = Path.of("/dev/serial/by-id");
        if (Files.isDirectory(byId)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(byId)) {
                List<String> ids = new ArrayList<>();
                ds.forEach(p -> ids.add(p.toString()));
                ids.sort(null);
                out.addAll(ids);
            } catch (IOException e) {
                LOG.debug("cannot list {}: {}", byId, e.toString());
            }
        }
        out.addAll(List.of(jssc.SerialPortList.getPortNames()));
        return List.copyOf(out);
    }

    @Override
    public synchronized SerialPort open(String name, LineSettings settings, String owner) throws IOException {
        SharedPort p = ports.get(name);
        if (p != null) {
            if (!p.settings().equals(settings)) {
                String users = p.handles().stream().map(PortHandle::owner).toList().toString();
                throw new IOException("serial port " + name + " is open with " + p.settings() + " for " + users + "; " + owner
                        + " asked for " + settings + " (devices sharing a bus need the same line settings)");
            }
        } else {
            p = new SharedPort(name, settings);
            p.open();
            ports.put(name, p);
            startReading();
        }
        PortHandle h = new PortHandle(p, owner, this);
        p.handles().add(h);
        LOG.info("serial port {}: {} joined ({} user{})", name, owner, p.handles().size(), p.handles().size() == 1 ? "" : "s");
        return h;
    }

    synchronized void release(SharedPort p, PortHandle h) {
        p.handles().remove(h);
        LOG.info("serial port {}: {} left", p.name(), h.owner());
        if (p.handles().isEmpty()) {
            ports.remove(p.name());
            p.close();
            stopReadingIfIdle();
        }
    }

    private void readAll() {
        for (SharedPort p : snapshot()) {
            try {
                p.poll();
            } catch (RuntimeException | StackOverflowError | LinkageError e) {
                // a failure escaping this periodic task would cancel it: no port would be read again
                LOG.error("serial port {}: reading failed", p.name(), e);
            }
        }
    }

    private void watch() {
        for (SharedPort p : snapshot()) {
            try {
                if (p.vanished()) {
                    p.lost("device node disappeared");
                } else if (p.wantsReopen()) {
                    p.open();
                }
            } catch (IOException e) {
                LOG.debug("serial port {}: not back yet: {}", p.name(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("serial port {}: watching failed", p.name(), e);
            }
        }
    }

    private synchronized List<SharedPort> snapshot() {
        return List.copyOf(ports.values());
    }
}
