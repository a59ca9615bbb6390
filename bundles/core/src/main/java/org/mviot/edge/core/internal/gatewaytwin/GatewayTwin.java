package org.mviot.edge.core.internal.gatewaytwin;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.registry.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own twin (CompR-RecR-2): its resources (CPU load, memory, disk, temperature where
 * readable, uptime), its installed drivers and devices, samples per second, the uplink backlog and
 * whether it is degraded, and its clock source. Reported at a fixed interval.
 */
public final class GatewayTwin {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayTwin.class);
    private static final Path THERMAL = Path.of("/sys/class/thermal/thermal_zone0/temp");

    private final ThingId thing;
    private final DeviceRegistry registry;
    private final Uplink uplink;
    private final CoreExecutors executors;
    private final TimeBase time;
    private final Path disk;
    private long lastSamples;
    private long lastAt;
    private boolean lastDegraded;
    private volatile Map<String, Object> latest = Map.of();

    /**
     * @param thing     the gateway's twin
     * @param registry  the devices
     * @param uplink    the uplink (backlog) and where the report goes
     * @param executors I/O backlog
     * @param time      clock
     * @param disk      a directory on the disk to report (the data directory)
     */
    public GatewayTwin(ThingId thing, DeviceRegistry registry, Uplink uplink, CoreExecutors executors, TimeBase time, Path disk) {
        this.thing = thing;
        this.registry = registry;
        this.uplink = uplink;
        this.executors = executors;
        this.time = time;
        this.disk = disk;
        this.lastAt = time.now();
    }

    /** @return the gateway's twin */
    public ThingId thing() {
        return thing;
    }

    /** @return the last report, by feature/property */
    public Map<String, Object> latest() {
        return latest;
    }

    /** Measures and queues one report. */
    public void report() {
        long now = time.now();
        Map<String, Object> v = new LinkedHashMap<>();
        var os = ManagementFactory.getOperatingSystemMXBean();
        v.put("system/cpu.load.average", os.getSystemLoadAverage());
        v.put("system/cpu.count", (long) os.getAvailableProcessors());
        Runtime rt = Runtime.getRuntime();
        v.put("system/memory.heap.used", rt.totalMemory() - rt.freeMemory());
        v.put("system/memory.heap.max", rt.maxMemory());
        try {
            var store = Files.getFileStore(disk);
            v.put("system/disk.free", store.getUsableSpace());
            v.put("system/disk.total", store.getTotalSpace());
        } catch (IOException e) {
            // disk figures are optional: a missing data directory is reported elsewhere
        }
        temperature().ifPresent(t -> v.put("system/temperature", t));
        v.put("system/uptime.seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        v.put("system/clock.source", time.source().name().toLowerCase(Locale.ROOT));
        v.put("drivers/installed", String.join(",", registry.drivers()));
        var devices = registry.devices();
        v.put("devices/total", (long) devices.size());
        for (DeviceStatus.State s : DeviceStatus.State.values()) {
            v.put("devices/" + s.name().toLowerCase(Locale.ROOT),
                    devices.stream().map(DeviceHandler::status).filter(st -> st.state() == s).count());
        }
        v.put("devices/invalid.descriptors", (long) registry.invalid().size());
        long samples = registry.samples();
        double perSecond = now > lastAt ? (samples - lastSamples) * 1000.0 / (now - lastAt) : 0;
        lastSamples = samples;
        lastAt = now;
        v.put("acquisition/samples.per.second", Math.round(perSecond * 10) / 10.0);
        v.put("acquisition/samples.total", samples);
        v.put("acquisition/io.backlog", (long) executors.ioBacklog());
        Uplink.Backlog b = uplink.backlog();
        v.put("uplink/backlog.things", (long) b.things());
        v.put("uplink/backlog.properties", (long) b.paths());
        v.put("uplink/degraded", b.degraded());
        v.put("uplink/coalesced", b.coalesced());
        v.put("uplink/dropped", b.dropped());
        v.put("uplink/published", b.published());
        v.put("uplink/publishers", (long) b.publishers());
        if (b.degraded() != lastDegraded) {
            lastDegraded = b.degraded();
            LOG.info("gateway uplink {}: {} things, {} properties held, {} changes coalesced", b.degraded() ? "degraded" : "recovered",
                    b.things(), b.paths(), b.coalesced());
        }
        latest = Map.copyOf(v);
        for (Map.Entry<String, Object> e : v.entrySet()) {
            int slash = e.getKey().indexOf('/');
            String feature = e.getKey().substring(0, slash);
            String path = e.getKey().substring(slash + 1);
            uplink.change(thing, e.getKey(), new PropertyChange(feature, path, e.getValue(), now, Quality.GOOD, time.source()));
        }
        LOG.debug("gateway twin: {}", v);
    }

    private static java.util.Optional<Double> temperature() {
        try {
            if (Files.isReadable(THERMAL)) {
                return java.util.Optional.of(Long.parseLong(Files.readString(THERMAL).trim()) / 1000.0);
            }
        } catch (IOException | NumberFormatException e) {
            // not readable on this board: the property is left out
        }
        return java.util.Optional.empty();
    }
}
