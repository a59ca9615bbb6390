package org.mviot.edge.timesync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.time.GatewayClock;
import org.mviot.edge.api.time.TimeReference;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.timesync.internal.discipline.DisciplineMode;
import org.mviot.edge.timesync.internal.discipline.SystemClockDiscipline;
import org.mviot.edge.timesync.internal.clock.BootStep;
import org.mviot.edge.timesync.internal.clock.SlewedClock;
import org.mviot.edge.timesync.internal.clock.SyncRecord;
import org.mviot.edge.timesync.internal.clock.SyncedClock;
import org.mviot.edge.timesync.internal.ntp.ServerAddress;
import org.mviot.edge.timesync.internal.ntp.SntpClient;
import org.mviot.edge.timesync.internal.selection.ServerState;
import org.mviot.edge.timesync.internal.system.SystemTimeDaemons;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway clock as a service: registers {@link GatewayClock} and the shell command
 * {@code time:status}. The gateway's shared scheduler ({@code mviot.scheduler=shared}) starts each
 * round; the round (network, {@code chronyc}) runs on a thread of its own ({@code mviot-timesync}) that
 * is started for it and ends a few seconds after it: between rounds (64 s by default) the bundle
 * has no thread. Reading the clock never waits for a round. Immediate: the clock synchronizes from the start, not from its first reader.
 * <p>
 * Its configuration is required: the feature installs one naming the public NTP pool, so a gateway
 * never sends a packet to a server nobody configured (and tests configure their own peers).
 */
@Component(service = {GatewayClock.class, TimeSyncComponent.class, GatewayFeature.class}, immediate = true, configurationPid = "org.mviot.edge.timesync",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = {"osgi.command.scope=time", "osgi.command.function=status"})
@Designate(ocd = TimeSyncConfig.class)
public final class TimeSyncComponent implements GatewayClock, GatewayFeature {

    private static final Logger LOG = LoggerFactory.getLogger(TimeSyncComponent.class);
    private static final String PID = "org.mviot.edge.timesync";

    private final SyncedClock clock;
    private final TimeSyncPoller poller;
    /** Seconds the round's thread outlives its round (a round per poll interval, 64 s by default). */
    private static final long ROUND_THREAD_KEEP_ALIVE_S = 5;

    private final ScheduledExecutorService executor;
    private final ThreadPoolExecutor rounds;
    private final List<TimeReference> references = new CopyOnWriteArrayList<>();
    private final SystemClockDiscipline discipline;
    private final ClockFeature feature;

    /**
     * For tests outside OSGi: the component with a scheduler of its own.
     *
     * @param config the settings
     * @throws IllegalArgumentException naming the key when a setting is invalid
     */
    public TimeSyncComponent(TimeSyncConfig config) {
        this(config, ownScheduler());
    }

    /**
     * @param config    the settings
     * @param scheduler the gateway's shared scheduler (this bundle's view: shutting it down cancels our task only)
     * @throws IllegalArgumentException naming the key when a setting is invalid
     */
    @Activate
    public TimeSyncComponent(TimeSyncConfig config, @Reference(target = "(mviot.scheduler=shared)") ScheduledExecutorService scheduler) {
        positive("poll.interval.s", config.poll_interval_s());
        positive("poll.interval.max.s", config.poll_interval_max_s());
        positive("holdover.s", config.holdover_s());
        positive("timeout.ms", config.timeout_ms());
        positive("slew.rate.ppm", config.slew_rate_ppm());
        if (!(config.drift_ppm() >= 0 && config.drift_ppm() <= 100_000)) {
            throw new IllegalArgumentException(PID + ": drift.ppm must be 0 to 100000, was " + config.drift_ppm());
        }
        if (config.boot_step_tolerance_ms() < 0) {
            throw new IllegalArgumentException(PID + ": boot.step.tolerance.ms must not be negative, was " + config.boot_step_tolerance_ms());
        }
        long now = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(config.poll_interval_s());
        List<ServerState> servers = new ArrayList<>();
        for (String s : config.servers() == null ? new String[0] : config.servers()) {
            if (!s.isBlank()) {
                servers.add(new ServerState(ServerAddress.parse(s, PID + ": servers"), interval,
                        TimeUnit.SECONDS.toNanos(config.poll_interval_max_s()), now));
            }
        }
        Duration timeout = Duration.ofMillis(config.timeout_ms());
        long holdOver = TimeUnit.SECONDS.toNanos(config.holdover_s());
        clock = new SyncedClock(SlewedClock.system(config.slew_rate_ppm()), System::nanoTime, holdOver, config.drift_ppm(),
                TimeUnit.MILLISECONDS.toNanos(config.boot_step_tolerance_ms()));
        Optional<SystemTimeDaemons> daemons = config.system_sources()
                ? Optional.of(new SystemTimeDaemons(Arrays.asList(config.chrony_command()), Arrays.asList(config.timedatectl_command()), timeout))
                : Optional.empty();
        if (config.clock_discipline_step_threshold_ms() <= 0) {
            throw new IllegalArgumentException(PID + ": clock.discipline.step.threshold.ms must be positive, was "
                    + config.clock_discipline_step_threshold_ms());
        }
        discipline = new SystemClockDiscipline(DisciplineMode.parse(PID + ": clock.discipline", config.clock_discipline()),
                TimeUnit.MILLISECONDS.toNanos(config.clock_discipline_step_threshold_ms()),
                config.clock_discipline_step_command() == null ? List.of() : Arrays.asList(config.clock_discipline_step_command()),
                Duration.ofSeconds(5), clock.clock());
        feature = new ClockFeature(clock, discipline::state);
        poller = new TimeSyncPoller(servers, new SntpClient(), clock, daemons, timeout, holdOver, () -> references, discipline);
        rounds = new ThreadPoolExecutor(0, 1, ROUND_THREAD_KEEP_ALIVE_S, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1), r -> {
            Thread t = new Thread(r, "mviot-timesync");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy()); // a round still running when the next is due: that one is skipped
        executor = scheduler;
        executor.scheduleWithFixedDelay(() -> rounds.execute(poller::poll), 0, config.poll_interval_s(), TimeUnit.SECONDS);
        LOG.info("gateway clock started: {} NTP server(s) {}, poll {} s, hold-over {} s, system daemons {}", servers.size(),
                servers.stream().map(s -> s.address().toString()).toList(), config.poll_interval_s(), config.holdover_s(),
                config.system_sources() ? "asked" : "ignored");
    }

    private static ScheduledExecutorService ownScheduler() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-timesync-timer");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(PID + ": " + key + " must be positive, was " + value);
        }
    }

    /**
     * A reference time (GNSS) the clock uses when no time server answers.
     *
     * @param r the reference
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReference(TimeReference r) {
        references.add(r);
        LOG.info("time reference {} offered: used when no NTP server answers", r.kind());
    }

    /** @param r a reference that went away */
    void removeReference(TimeReference r) {
        references.remove(r);
    }

    @Override
    public String featureId() {
        return ClockFeature.ID;
    }

    @Override
    public Map<String, Object> properties() {
        return feature.properties();
    }

    /** Stops polling; the clock keeps its last state for whoever still holds it. */
    @Deactivate
    public void deactivate() {
        executor.shutdownNow();
        rounds.shutdownNow();
        try {
            if (!rounds.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("time sync thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long currentTimeMillis() {
        return clock.currentTimeMillis();
    }

    @Override
    public TimeSource source() {
        return clock.source();
    }

    @Override
    public long uncertaintyMillis() {
        return clock.uncertaintyMillis();
    }

    /**
     * The source of a timestamp from {@link #currentTimeMillis()}, judged from the timestamp alone:
     * no clock read (about 5 ns against two clock reads for {@link #source()} and
     * {@link #uncertaintyMillis()}; see bench/clock.sh).
     *
     * @param timestampMillis the timestamp
     * @return its source
     */
    @Override
    public TimeSource sourceAt(long timestampMillis) {
        return clock.sourceAt(timestampMillis);
    }

    /**
     * @param timestampMillis a timestamp from {@link #currentTimeMillis()}
     * @return its error bound, milliseconds, −1 before every sync
     */
    @Override
    public long uncertaintyMillisAt(long timestampMillis) {
        return clock.uncertaintyMillisAt(timestampMillis);
    }

    @Override
    public boolean beforeFirstSync(long timestampMillis) {
        return clock.beforeFirstSync(timestampMillis);
    }

    /**
     * The full state (internal API until the api offers a richer clock status).
     *
     * @return the last good synchronization, empty before the first
     */
    public Optional<SyncRecord> lastSync() {
        return clock.lastSync();
    }

    /**
     * @return how wrong the clock was at the first synchronization, empty before it
     */
    public Optional<BootStep> bootStep() {
        return clock.bootStep();
    }

    /**
     * @param timestampMillis a sample's timestamp, taken with this clock
     * @return whether it is suspect: before any sync, or before the first one while the clock was wrong at boot
     */
    public boolean suspect(long timestampMillis) {
        return clock.suspect(timestampMillis);
    }

    /**
     * Gogo shell command {@code time:status}.
     *
     * @return the clock's state and each server's, one per line
     */
    public String status() {
        StringBuilder b = new StringBuilder();
        b.append("time ").append(Instant.ofEpochMilli(currentTimeMillis())).append(", ").append(source())
                .append(", uncertainty ").append(uncertaintyMillis()).append(" ms\n");
        clock.lastSync().ifPresentOrElse(r -> b.append("last sync: via ").append(r.via()).append(' ').append(r.server())
                        .append(", stratum ").append(r.stratum()).append(", offset ").append(r.offsetNanos() / 1000).append(" µs, jitter ")
                        .append(r.jitterNanos() < 0 ? "?" : String.valueOf(r.jitterNanos() / 1000)).append(" µs, at ")
                        .append(Instant.ofEpochMilli(r.atUnixMillis())).append('\n'),
                () -> b.append("never synchronized since start\n"));
        b.append("system clock discipline: ").append(discipline.state()).append('\n');
        clock.bootStep().ifPresent(s -> b.append("first sync at ").append(Instant.ofEpochMilli(s.firstSyncUnixMillis())).append(", step ")
                .append(s.stepNanos() / 1_000_000).append(" ms").append(s.wrongAtBoot() ? " (clock was wrong at boot)" : "").append('\n'));
        for (ServerState s : poller.servers()) {
            b.append("server ").append(s.address()).append(s.dropped() ? " (dropped)" : "").append(": ").append(s.lastOutcome()).append('\n');
        }
        return b.toString();
    }
}
