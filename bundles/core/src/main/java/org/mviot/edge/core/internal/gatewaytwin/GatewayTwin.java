package org.mviot.edge.core.internal.gatewaytwin;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.api.twin.LinkStatus;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.mapping.TimeStamping;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.registry.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own twin (CompR-RecR-2): its resources (CPU load, memory, disk, temperature where
 * readable, uptime), its installed drivers and devices, samples per second, the uplink backlog and
 * whether it is degraded, and its clock source. Reported at a fixed interval.
 *
 * <p>Its one feature about the cloud link, {@value GatewayIdentity#LINK_FEATURE}, shows the
 * {@link LinkStatus} of the twin publisher (the cloud link): checked every merge window and reported
 * when the state, broker or last error changes, and with the periodic report when the backlog
 * changed. The reports travel through the publisher's queue like any update, so after an outage the
 * cloud sees the link's story in order and the {@code connected} report last. The cloud link's birth
 * message and last will write the same feature with the same properties.
 */
public final class GatewayTwin {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayTwin.class);
    private static final Path THERMAL = Path.of("/sys/class/thermal/thermal_zone0/temp");

    private final ThingId thing;
    private final DeviceRegistry registry;
    private final Uplink uplink;
    private final CoreExecutors executors;
    private final TimeBase time;
    private final TimeStamping stamping;
    private final Path disk;
    private long lastSamples;
    private long lastAt;
    private boolean lastDegraded;
    private volatile Map<String, Object> latest = Map.of();
    private final List<TwinPublisher> publishers = new CopyOnWriteArrayList<>();
    /** The link status last reported (guarded by this). */
    private LinkStatus reportedLink;
    private final ContributedFeatures contributed = new ContributedFeatures(
            java.util.Set.of("system", "drivers", "devices", "acquisition", "uplink", GatewayIdentity.LINK_FEATURE));
    /** The contributed properties last reported (guarded by this). */
    private Map<String, Object> reportedContributed = Map.of();

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
        this.stamping = new TimeStamping(time);
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

    /**
     * The gateway twin's features as {@code status} shows them: the core's own from the last
     * report, the contributed ones read now (they answer from memory).
     *
     * @return by feature/property, in a stable order
     */
    public Map<String, Object> features() {
        Map<String, Object> now = new LinkedHashMap<>(latest);
        now.keySet().removeIf(this::isContributed);
        now.putAll(contributed.read());
        return now;
    }

    /** @return where the gateway's clock takes its time now */
    public org.mviot.edge.api.time.TimeSource clockSource() {
        return time.source();
    }

    /** @param p a twin publisher whose link the gateway twin shows */
    public void addPublisher(TwinPublisher p) {
        publishers.add(p);
    }

    /** @param p a twin publisher that went away */
    public void removePublisher(TwinPublisher p) {
        publishers.remove(p);
    }

    /** @param f a feature another bundle contributes */
    public void addFeature(GatewayFeature f) {
        contributed.add(f);
    }

    /** @param f a contributed feature that went away */
    public void removeFeature(GatewayFeature f) {
        contributed.remove(f);
    }

    /**
     * Reports the contributed properties whose values changed since they were last reported, so a
     * change (a lost fix, a refused command) shows within a second.
     */
    public synchronized void reportFeatures() {
        Map<String, Object> now = contributed.read();
        if (now.equals(reportedContributed)) {
            return;
        }
        long at = time.now();
        for (Map.Entry<String, Object> e : now.entrySet()) {
            if (!e.getValue().equals(reportedContributed.get(e.getKey()))) {
                queue(e.getKey(), e.getValue(), at);
            }
        }
        reportedContributed = Map.copyOf(now);
        Map<String, Object> l = new LinkedHashMap<>(latest);
        l.keySet().removeIf(k -> !reportedContributed.containsKey(k) && isContributed(k));
        l.putAll(reportedContributed);
        latest = Map.copyOf(l);
    }

    private boolean isContributed(String key) {
        return !key.startsWith("system/") && !key.startsWith("drivers/") && !key.startsWith("devices/") && !key.startsWith("acquisition/")
                && !key.startsWith("uplink/");
    }

    private void queue(String key, Object value, long at) {
        int slash = key.indexOf('/');
        uplink.change(thing, key, stamping.change(key.substring(0, slash), key.substring(slash + 1), value, at, Quality.GOOD, time.sourceAt(at)));
    }

    /** @return the link status of the first publisher that has a link, if any */
    public Optional<LinkStatus> link() {
        for (TwinPublisher p : publishers) {
            try {
                Optional<LinkStatus> s = p.linkStatus();
                if (s != null && s.isPresent()) {
                    return s;
                }
            } catch (RuntimeException e) {
                LOG.warn("twin publisher {} failed to tell its link status: {}", p.getClass().getName(), e.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * Reports the link feature when the link's state, broker or last error changed (or, with
     * {@code withBacklog}, its backlog).
     *
     * @param withBacklog whether a changed backlog alone is worth a report
     */
    public synchronized void reportLink(boolean withBacklog) {
        LinkStatus s = link().orElse(null);
        if (s == null || s.equals(reportedLink)) {
            return;
        }
        LinkStatus r = reportedLink;
        boolean changed = r == null || r.state() != s.state() || !r.broker().equals(s.broker()) || !r.lastError().equals(s.lastError());
        if (!changed && !withBacklog) {
            return;
        }
        reportedLink = s;
        long now = time.now();
        for (Map.Entry<String, Object> e : s.properties().entrySet()) {
            String key = GatewayIdentity.LINK_FEATURE + "/" + e.getKey();
            uplink.change(thing, key, stamping.change(GatewayIdentity.LINK_FEATURE, e.getKey(), e.getValue(), now, Quality.GOOD,
                    time.sourceAt(now)));
        }
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
        Map<String, Object> features = contributed.read();
        v.putAll(features);
        synchronized (this) {
            reportedContributed = Map.copyOf(features);
            latest = Map.copyOf(v);
        }
        for (Map.Entry<String, Object> e : v.entrySet()) {
            queue(e.getKey(), e.getValue(), now);
        }
        reportLink(true);
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
