package org.mviot.edge.core.internal.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.descriptor.DescriptorProblem;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.log.LogSafe;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices the gateway manages, by origin (a descriptor file or a bundle's document) and by id,
 * and the drivers installed. A device whose driver is missing waits with status "driver not
 * installed" and starts when the driver appears; it stops when the driver goes, and other drivers'
 * devices keep flowing. An invalid descriptor never takes down another device; when a file that
 * was valid becomes invalid, the last valid version keeps running.
 */
public final class DeviceRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    private final CoreExecutors executors;
    private final TimeBase time;
    private final DeviceHandler.Timing timing;
    private final TwinMapper mapper;
    private final LongAdder samples = new LongAdder();
    private final Map<String, String> deviceByOrigin = new HashMap<>();
    private final Map<String, DeviceHandler> devices = new TreeMap<>();
    private final Map<String, List<DescriptorProblem>> invalid = new TreeMap<>();
    private final Map<String, Driver> drivers = new TreeMap<>();

    /**
     * @param executors shared threads
     * @param time      timestamps
     * @param timing    driver call timeouts
     * @param mapper    twin mapping
     */
    public DeviceRegistry(CoreExecutors executors, TimeBase time, DeviceHandler.Timing timing, TwinMapper mapper) {
        this.executors = executors;
        this.time = time;
        this.timing = timing;
        this.mapper = mapper;
    }

    /**
     * Adds a device or replaces the one from the same origin.
     *
     * @param config a validated descriptor
     */
    public synchronized void put(DeviceConfig config) {
        String origin = config.origin();
        invalid.remove(origin);
        DeviceHandler other = devices.get(config.id());
        if (other != null && !other.config().origin().equals(origin)) {
            List<DescriptorProblem> p = List.of(new DescriptorProblem(origin, "$.id", "device '" + config.id()
                    + "' is already defined by " + other.config().origin() + "; give this device another id"));
            rejected(origin, p);
            return;
        }
        DeviceHandler owner = thingOwner(config);
        if (owner != null) {
            // the first claim wins: a second file must not take over another device's twin and its commands
            rejected(origin, List.of(new DescriptorProblem(origin, "$.thing", "device '" + config.id() + "': thing " + LogSafe.quote(String.valueOf(config.thing()))
                    + " is already the twin of device '" + owner.config().id() + "' defined by " + owner.config().origin()
                    + "; a thing id may be claimed by one descriptor only: give this device another thing")));
            return;
        }
        String previous = deviceByOrigin.get(origin);
        if (previous != null) {
            DeviceHandler old = devices.get(previous);
            if (old != null && old.config().equals(config)) {
                return;
            }
            stop(previous);
            LOG.info("device {} reconfigured from {}", config.id(), LogSafe.line(shortOrigin(origin), 120));
        } else {
            LOG.info("device {} added from {}: {} channels{}, driver {}, twin {}", config.id(), LogSafe.line(shortOrigin(origin), 120),
                    config.channels().size(), config.derived().isEmpty() ? "" : " (" + config.derived().size() + " derived)",
                    LogSafe.text(config.descriptor().driver()), LogSafe.text(String.valueOf(config.thing())));
        }
        DeviceHandler h = new DeviceHandler(config, executors, time, timing, mapper, samples);
        devices.put(config.id(), h);
        deviceByOrigin.put(origin, config.id());
        Driver d = drivers.get(config.descriptor().driver());
        if (d != null) {
            h.start(d);
        }
    }

    /** @return the device of another origin whose twin is the thing this device claims, or {@code null} */
    private DeviceHandler thingOwner(DeviceConfig config) {
        for (DeviceHandler h : devices.values()) {
            if (h.config().thing().equals(config.thing()) && !h.config().origin().equals(config.origin())) {
                return h;
            }
        }
        return null;
    }

    /**
     * A descriptor that cannot be used.
     *
     * @param origin   where it came from
     * @param problems what is wrong
     */
    public synchronized void rejected(String origin, List<DescriptorProblem> problems) {
        if (problems.equals(invalid.get(origin))) {
            return;
        }
        invalid.put(origin, List.copyOf(problems));
        String running = deviceByOrigin.get(origin);
        for (DescriptorProblem p : problems) {
            // a problem's parts that come from the file are bounded already; this escapes what is left (the file name)
            LOG.error("invalid device descriptor {}", LogSafe.line(p.toString(), 2000));
        }
        if (running != null) {
            LOG.warn("device {} keeps running with the last valid version of {}", running, LogSafe.line(origin, 1000));
        }
    }

    /**
     * An origin is gone (file deleted, bundle stopped): its device stops and leaves.
     *
     * @param origin where it came from
     */
    public synchronized void remove(String origin) {
        invalid.remove(origin);
        String id = deviceByOrigin.remove(origin);
        if (id != null) {
            stop(id);
            LOG.info("device {} removed ({} is gone)", id, LogSafe.line(shortOrigin(origin), 120));
        }
    }

    private void stop(String id) {
        DeviceHandler h = devices.remove(id);
        if (h != null) {
            h.close();
            mapper.detach(h.config());
        }
    }

    /**
     * A driver appeared: its waiting devices start.
     *
     * @param driver the driver
     */
    public synchronized void driverAdded(Driver driver) {
        Driver before = drivers.putIfAbsent(driver.name(), driver);
        if (before != null) {
            LOG.warn("a second driver named '{}' ({}) is ignored; {} serves its devices", driver.name(),
                    driver.getClass().getName(), before.getClass().getName());
            return;
        }
        LOG.info("driver {} installed", driver.name());
        for (DeviceHandler h : devices.values()) {
            if (h.config().descriptor().driver().equals(driver.name())) {
                h.start(driver);
            }
        }
    }

    /**
     * A driver went away: its devices go offline and wait.
     *
     * @param driver the driver
     */
    public synchronized void driverRemoved(Driver driver) {
        if (!drivers.remove(driver.name(), driver)) {
            return;
        }
        LOG.info("driver {} removed", driver.name());
        for (DeviceHandler h : devices.values()) {
            if (h.config().descriptor().driver().equals(driver.name())) {
                h.driverGone();
            }
        }
    }

    /** @return the devices, by id */
    public synchronized List<DeviceHandler> devices() {
        return new ArrayList<>(devices.values());
    }

    /**
     * @param id device id
     * @return the device
     */
    public synchronized Optional<DeviceHandler> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    /** @return origins whose descriptors are invalid, with their problems */
    public synchronized Map<String, List<DescriptorProblem>> invalid() {
        return new TreeMap<>(invalid);
    }

    /**
     * @param name a driver name
     * @return the installed driver of that name, or {@code null}
     */
    public synchronized Driver driver(String name) {
        return drivers.get(name);
    }

    /** @return names of the installed drivers */
    public synchronized List<String> drivers() {
        return new ArrayList<>(drivers.keySet());
    }

    /** @return samples taken since start */
    public long samples() {
        return samples.sum();
    }

    @Override
    public synchronized void close() {
        for (DeviceHandler h : devices.values()) {
            h.close();
        }
        devices.clear();
        deviceByOrigin.clear();
    }

    /**
     * A descriptor's origin as a log line names it: a file by its name (the devices directory is in the start-up
     * line), a bundle's document by its name and bundle (ours without {@code org.mviot.edge.}, as logger names
     * are short); the full origin stays in the status and the shell.
     */
    private static final String OWN_BUNDLES = "org.mviot.edge.";

    static String shortOrigin(String origin) {
        if (origin.startsWith("bundle:")) {
            String rest = origin.substring("bundle:".length());
            int bang = rest.indexOf('!');
            int end = bang >= 0 ? bang : rest.indexOf('/');
            int last = rest.lastIndexOf('/');
            String bundle = rest.substring(0, Math.max(end, 0));
            if (bundle.startsWith(OWN_BUNDLES)) {
                bundle = bundle.substring(OWN_BUNDLES.length());
            }
            return end < 0 || last < end ? rest : rest.substring(last + 1) + " of " + bundle;
        }
        int last = Math.max(origin.lastIndexOf('/'), origin.lastIndexOf('\\'));
        return last < 0 ? origin : origin.substring(last + 1);
    }
}
