package org.mviot.edge.position.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.position.Position;
import org.mviot.edge.api.position.PositionService;
import org.mviot.edge.api.serial.SerialPorts;
import org.mviot.edge.position.internal.gnss.FixStatus;
import org.mviot.edge.position.internal.gnss.GnssTracker;
import org.mviot.edge.position.internal.gpsd.GpsdClient;
import org.mviot.edge.position.internal.serial.SerialNmeaReceiver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's position as a service, and the shell command {@code position:status}.
 * <p>
 * Sources, first with a fix wins: the NMEA receiver on {@code nmea.port} (through the serial port
 * service, whenever it is there), gpsd at {@code gpsd.host}; then the provisioned
 * {@code position.fixed}. A GNSS source without a fix reports nothing (never its last fix): with no
 * fixed position configured, {@link #position()} is empty and {@link #status()} says since when and why.
 * Immediate: the sources run (gpsd connected, the serial port open) before anyone asks for a position.
 */
@Component(service = {PositionService.class, PositionComponent.class}, immediate = true, configurationPid = "org.mviot.edge.position",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {"osgi.command.scope=position", "osgi.command.function=status"})
@Designate(ocd = PositionConfig.class)
public final class PositionComponent implements PositionService {

    private static final Logger LOG = LoggerFactory.getLogger(PositionComponent.class);
    private static final String PID = "org.mviot.edge.position";

    private final Optional<Position> fixed;
    private final PositionConfig config;
    private final GnssTracker nmeaTracker;
    private final GnssTracker gpsdTracker;
    private final GpsdClient gpsd;
    private final ScheduledExecutorService scheduler;
    /** The receiver on the serial port while the serial service is there (guarded by this). */
    private SerialNmeaReceiver receiver;
    private String receiverProblem = "";

    /**
     * For tests outside OSGi: the component with a scheduler of its own.
     *
     * @param config the settings
     * @throws IllegalArgumentException naming the key when a setting is invalid
     */
    public PositionComponent(PositionConfig config) {
        this(config, ownScheduler());
    }

    /**
     * @param config    the settings
     * @param scheduler the gateway's shared scheduler (this bundle's view), for gpsd reconnection attempts
     * @throws IllegalArgumentException naming the key when a setting is invalid
     */
    @Activate
    public PositionComponent(PositionConfig config, @Reference(target = "(mviot.scheduler=shared)") ScheduledExecutorService scheduler) {
        this.config = config;
        this.scheduler = scheduler;
        fixed = FixedPosition.parse(PID + ": position.fixed", config.position_fixed(), System.currentTimeMillis());
        if (config.fix_timeout_s() <= 0) {
            throw new IllegalArgumentException(PID + ": fix.timeout.s must be positive, was " + config.fix_timeout_s());
        }
        if (!config.nmea_port().isBlank() && config.nmea_baud() < 300) {
            throw new IllegalArgumentException(PID + ": nmea.baud must be at least 300, was " + config.nmea_baud());
        }
        if (!config.gpsd_host().isBlank() && (config.gpsd_port() < 1 || config.gpsd_port() > 65535)) {
            throw new IllegalArgumentException(PID + ": gpsd.port must be 1 to 65535, was " + config.gpsd_port());
        }
        long timeout = TimeUnit.SECONDS.toNanos(config.fix_timeout_s());
        long now = System.currentTimeMillis();
        nmeaTracker = config.nmea_port().isBlank() ? null : new GnssTracker(timeout, now);
        gpsdTracker = config.gpsd_host().isBlank() ? null : new GnssTracker(timeout, now);
        gpsd = gpsdTracker == null ? null : new GpsdClient(config.gpsd_host().strip(), config.gpsd_port(), gpsdTracker, scheduler);
        LOG.info("gateway position: fixed {}, NMEA port {}, gpsd {}", fixed.map(p -> p.latitude() + "," + p.longitude()).orElse("none"),
                nmeaTracker == null ? "none" : config.nmea_port(), gpsd == null ? "none" : config.gpsd_host() + ":" + config.gpsd_port());
    }

    private static ScheduledExecutorService ownScheduler() {
        java.util.concurrent.ScheduledThreadPoolExecutor e = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-position-timer");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /**
     * The serial port service came (or was there): open the receiver's port.
     *
     * @param ports the service
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindSerialPorts(SerialPorts ports) {
        if (nmeaTracker == null) {
            return;
        }
        closeReceiver();
        try {
            receiver = new SerialNmeaReceiver(ports, config.nmea_port(), config.nmea_baud(), nmeaTracker);
            receiverProblem = "";
        } catch (IOException e) {
            receiverProblem = e.getMessage();
            nmeaTracker.lost("GNSS receiver port cannot be opened: " + e.getMessage(), System.currentTimeMillis());
            LOG.warn("{}: nmea.port {} cannot be opened: {}", PID, config.nmea_port(), e.getMessage());
        }
    }

    /**
     * The serial port service went away.
     *
     * @param ports the service
     */
    synchronized void unbindSerialPorts(SerialPorts ports) {
        if (nmeaTracker != null) {
            closeReceiver();
            receiverProblem = "no serial port service";
            nmeaTracker.lost("serial port service gone", System.currentTimeMillis());
        }
    }

    private void closeReceiver() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    /** Stops the sources. */
    @Deactivate
    public synchronized void deactivate() {
        closeReceiver();
        if (gpsd != null) {
            gpsd.close();
        }
        scheduler.shutdownNow(); // the shared scheduler's view: our reconnection attempt only
    }

    @Override
    public Optional<Position> position() {
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        for (GnssTracker t : trackers()) {
            FixStatus s = t.status(nowMillis, nowNanos);
            if (s.current().isPresent()) {
                return Optional.of(s.current().get().toPosition());
            }
        }
        return fixed;
    }

    /**
     * The GNSS sources' state (internal API until the api carries fix quality).
     *
     * @return each configured GNSS source's status: NMEA receiver first, then gpsd
     */
    public List<FixStatus> gnss() {
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        List<FixStatus> all = new ArrayList<>();
        for (GnssTracker t : trackers()) {
            all.add(t.status(nowMillis, nowNanos));
        }
        return all;
    }

    /**
     * @return the names of the GNSS sources, in the order of {@link #gnss()}: {@code nmea <port>}, {@code gpsd <host>:<port>}
     */
    public List<String> gnssNames() {
        List<String> n = new ArrayList<>(2);
        if (nmeaTracker != null) {
            n.add("nmea " + config.nmea_port());
        }
        if (gpsdTracker != null) {
            n.add("gpsd " + config.gpsd_host().strip() + ":" + config.gpsd_port());
        }
        return n;
    }

    /**
     * The first GNSS source's receiver time, for the gateway clock (see {@link GnssTracker#datedTime}).
     *
     * @return the source's name, its UTC and when it arrived ({@link System#nanoTime()}), empty without a current dated fix
     */
    public Optional<DatedTime> gnssTime() {
        long nowNanos = System.nanoTime();
        List<GnssTracker> t = trackers();
        List<String> names = gnssNames();
        for (int i = 0; i < t.size(); i++) {
            Optional<long[]> d = t.get(i).datedTime(nowNanos);
            if (d.isPresent()) {
                return Optional.of(new DatedTime(names.get(i), d.get()[0], d.get()[1]));
            }
        }
        return Optional.empty();
    }

    /**
     * A receiver's time.
     *
     * @param source           which GNSS source
     * @param utcMillis        its UTC
     * @param receivedNanoTime when it arrived
     */
    public record DatedTime(String source, long utcMillis, long receivedNanoTime) {
    }

    private List<GnssTracker> trackers() {
        List<GnssTracker> t = new ArrayList<>(2);
        if (nmeaTracker != null) {
            t.add(nmeaTracker);
        }
        if (gpsdTracker != null) {
            t.add(gpsdTracker);
        }
        return t;
    }

    /**
     * Gogo shell command {@code position:status}.
     *
     * @return the position and each source's state
     */
    public synchronized String status() {
        StringBuilder b = new StringBuilder();
        b.append("position: ").append(position().map(PositionComponent::describe).orElse("none")).append('\n');
        fixed.ifPresent(p -> b.append("fixed: ").append(describe(p)).append('\n'));
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        if (nmeaTracker != null) {
            b.append("NMEA ").append(config.nmea_port()).append(": ").append(describe(nmeaTracker.status(nowMillis, nowNanos)))
                    .append(receiver != null ? "; " + receiver.statistics() : "; not open: " + (receiverProblem.isEmpty() ? "no serial port service" : receiverProblem))
                    .append('\n');
        }
        if (gpsdTracker != null) {
            b.append("gpsd: ").append(describe(gpsdTracker.status(nowMillis, nowNanos))).append("; ").append(gpsd.statistics()).append('\n');
        }
        return b.toString();
    }

    private static String describe(Position p) {
        return p.latitude() + "," + p.longitude() + (Double.isNaN(p.altitude()) ? "" : "," + p.altitude()) + " (" + p.source()
                + (Double.isNaN(p.accuracy()) ? "" : ", ±" + Math.round(p.accuracy()) + " m") + ", " + Instant.ofEpochMilli(p.timestamp()) + ")";
    }

    private static String describe(FixStatus s) {
        if (s.current().isPresent()) {
            var f = s.current().get();
            return "fix " + f.quality() + (f.dimension() > 0 ? " " + f.dimension() + "D" : "") + ", " + f.satellites() + " satellites, HDOP "
                    + f.hdop();
        }
        return "no fix since " + Instant.ofEpochMilli(s.noFixSinceMillis()) + " (" + s.reason() + ")"
                + (s.lastGood() != null ? ", last good fix at " + Instant.ofEpochMilli(s.lastGood().receivedMillis()) : "");
    }
}
