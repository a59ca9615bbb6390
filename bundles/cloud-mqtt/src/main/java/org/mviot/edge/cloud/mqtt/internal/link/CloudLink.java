package org.mviot.edge.cloud.mqtt.internal.link;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.api.twin.LinkStatus;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;
import org.mviot.edge.cloud.mqtt.internal.codec.DittoCodec;
import org.mviot.edge.cloud.mqtt.internal.downlink.CommandDownlink;
import org.mviot.edge.cloud.mqtt.internal.downlink.CommandIntake;
import org.mviot.edge.cloud.mqtt.internal.downlink.InboundCommand;
import org.mviot.edge.cloud.mqtt.internal.input.LogQuote;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOpener;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueStats;
import org.mviot.edge.cloud.mqtt.internal.queue.RecordQueue;
import org.mviot.edge.cloud.mqtt.internal.uplink.PahoTransport;
import org.mviot.edge.cloud.mqtt.internal.uplink.Uplink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * The cloud link (CommR-ReqR-1): the gateway's {@link TwinPublisher}. Twin updates go into the
 * persistent queue and up to the broker as Ditto Protocol; commands come down and go to the core's
 * {@link CommandService}. Activation opens the queue and starts connecting without waiting for the
 * broker.
 *
 * <p>The command service is a dynamic, optional reference (a bind method, not a constructor
 * parameter) so that the core coming and going does not restart the MQTT connection.
 */
@Component(service = TwinPublisher.class, configurationPid = CloudLink.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = LinkConfig.class)
public final class CloudLink implements TwinPublisher {

    /** Config Admin PID. */
    public static final String PID = "org.mviot.edge.cloud.mqtt";

    private static final Logger LOG = LoggerFactory.getLogger(CloudLink.class);
    /** How often the gateway twin's queue feature is refreshed (only when it changed). */
    private static final long REPORT_SECONDS = 10;
    private static final long TIMER_STOP_MILLIS = 5_000;
    /** Seconds the group commit's thread outlives its last commit (one every {@code fsync.interval.ms} while updates flow). */
    private static final long COMMIT_THREAD_KEEP_ALIVE_S = 1;

    private final AtomicReference<CommandService> commands = new AtomicReference<>();
    private final LinkSettings settings;
    private final ScheduledExecutorService timer;
    /** The group commit's thread, there only while commits come. */
    private final ExecutorService commits;
    private final QueueSync queueSync;
    private final RecordQueue log;
    private final Uplink uplink;
    private final MqttLink link;
    private final CommandDownlink downlink;
    private final CommandIntake intake;
    private final LinkStatusTracker linkStatus;
    private final QueuedSince queuedSince = new QueuedSince();
    private final QueueObservation queueObservation;
    private final SessionTakeovers takeovers;
    /** The takeover counts as a gateway twin feature; registered only under OSGi. */
    private ServiceRegistration<GatewayFeature> takeoverFeature;

    /**
     * Opens the queue and starts the link.
     *
     * @param context  the bundle context, for the launcher's broker settings (framework properties)
     * @param config   Config Admin settings
     * @param identity who the gateway is, as the core decided: client id, topics, the gateway twin
     * @throws IOException if the queue directory cannot be used
     */
    @Activate
    public CloudLink(BundleContext context, LinkConfig config, @Reference GatewayIdentity identity,
            @Reference(target = "(mviot.scheduler=shared)") ScheduledExecutorService scheduler) throws IOException {
        this(LinkSettings.resolve(config, context::getProperty, identity), scheduler);
        this.takeoverFeature = context.registerService(GatewayFeature.class, takeovers, null);
    }

    /**
     * Opens the queue and starts the link with a timer of its own; for tests and benchmarks outside OSGi.
     *
     * @param settings resolved settings
     * @throws IOException if the queue directory cannot be used
     */
    public CloudLink(LinkSettings settings) throws IOException {
        this(settings, ownTimer());
    }

    /**
     * Opens the queue and starts the link.
     *
     * @param settings resolved settings
     * @param timer    runs the link's short tasks: connection attempts and their outcomes, keep-alive pings, the
     *                 queue report, the group commit's timing (the gateway's shared scheduler: this bundle's view,
     *                 which the link shuts down when it stops)
     * @throws IOException if the queue directory cannot be used
     */
    public CloudLink(LinkSettings settings, ScheduledExecutorService timer) throws IOException {
        this.settings = settings;
        this.takeovers = new SessionTakeovers(settings.clientId(), Instant::now);
        this.timer = timer;
        this.commits = commitThread();
        // never fails: a queue directory that cannot be used degrades to read-only or memory (issue 17, item 5)
        this.log = QueueOpener.open(settings.queue());
        MqttLink[] holder = new MqttLink[1];
        this.uplink = new Uplink(log, new PahoTransport((topic, m, ctx, cb) -> holder[0] != null && holder[0].publish(topic, m, ctx, cb)),
                settings.topics(), settings.batchMaxChanges(), settings.maxInflight(), settings.telemetryExpirySeconds());
        QueueReport report = new QueueReport(settings.gatewayThing(), settings.topics().twin(settings.gatewayThing()), this::queueReport,
                () -> log.stats().undelivered(), this::queueHealth);
        this.linkStatus = new LinkStatusTracker(() -> log.stats().undelivered(), () -> log.stats().dropped(),
                () -> log.stats().backlogBytes(), this::oldestQueued, Instant::now);
        this.downlink = new CommandDownlink(commands::get, settings.gatewayThing(), settings.topics().responses(),
                settings.commandTimeoutMillis(), this::respond, settings.limits());
        this.intake = new CommandIntake(downlink, settings.limits(), settings.topics().prefix(), settings.topics().responses());
        this.link = new MqttLink(settings, timer, new MqttLink.Listener() {
            @Override
            public void connected(int receiveMaximum) {
                uplink.connected(receiveMaximum);
            }

            @Override
            public void disconnected() {
                uplink.disconnected();
            }

            @Override
            public void message(String topic, MqttMessage message) {
                intake.accept(InboundCommand.of(message));
            }

            @Override
            public void stateChanged(LinkState state, String broker, String failure) {
                linkStatus.stateChanged(state, broker, failure);
            }
        }, this::birth, DittoCodec.bytes(DittoCodec.merge(settings.gatewayThing(), "/features/" + GatewayIdentity.LINK_FEATURE + "/properties",
                Map.of("state", LinkStatus.State.OFFLINE.twinName()), settings.clientId() + "#will")), takeovers);
        holder[0] = link;
        queueSync = new QueueSync(log, timer, commits, settings.fsyncIntervalMillis(),
                e -> LOG.error("cloud link queue {} cannot be synced: {}", settings.queue().dir(), e.getMessage()));
        queueSync.start();
        timer.scheduleWithFixedDelay(report::tick, 1, REPORT_SECONDS, TimeUnit.SECONDS);
        observeQueue();
        queueObservation = new QueueObservation(timer, this::observeQueue);
        link.start();
    }

    private static ScheduledExecutorService ownTimer() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-cloud-link");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** The group commit's thread: made for a commit, ended {@value #COMMIT_THREAD_KEEP_ALIVE_S} s after the last one. */
    private static ExecutorService commitThread() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, COMMIT_THREAD_KEEP_ALIVE_S, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "mviot-cloud-commit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /**
     * @param service the core's command service
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindCommandService(CommandService service) {
        commands.set(service);
    }

    /**
     * @param service the service going away
     */
    void unbindCommandService(CommandService service) {
        commands.compareAndSet(service, null);
    }

    @Override
    public boolean publish(TwinUpdate update) {
        try {
            boolean taken = uplink.offer(update);
            appended();
            return taken;
        } catch (IOException e) {
            LOG.error("cloud link queue {} cannot take an update of {}: {}", settings.queue().dir(), update.thing(), e.getMessage());
            return false;
        } catch (IllegalArgumentException e) {
            // refused for good (a field longer than the record format allows): holding it back would not help
            LOG.error("update of {} is refused by the queue: {}", update.thing(), e.getMessage());
            return true;
        }
    }

    /** Records went into the queue: the group commit and the "queued since" observation follow. */
    private void appended() {
        queueSync.appended();
        queueObservation.appended();
    }

    /** @return the link's state */
    public LinkState state() {
        return link.state();
    }

    /** @return the "session taken over" disconnects, as the gateway twin shows them */
    public SessionTakeovers takeovers() {
        return takeovers;
    }

    /** @return the queue's counts and health */
    public QueueStats queueStats() {
        return log.stats();
    }

    /** @return what became of the commands that arrived */
    public CommandIntake.Counts commandCounts() {
        return intake.counts();
    }

    /** @return the queue's health for the gateway twin: the queue's status and damage, the uplink's skipped records */
    private QueueReport.QueueHealth queueHealth() {
        QueueStats q = log.stats();
        Uplink.Counts u = uplink.counts();
        String problem = q.problem().isEmpty() ? uplink.lastSkipped() : q.problem();
        return new QueueReport.QueueHealth(q.status().twin(), q.lostRecords(), u.skipped(), q.quarantined(), problem, q.tampered(), q.sealing());
    }

    /** @return the uplink's counts */
    public Uplink.Counts uplinkCounts() {
        return uplink.counts();
    }

    /**
     * Sends a command response through the queue, like every other message: the uplink alone fills the
     * client's in-flight window. (A response published here directly took a slot the uplink counted as
     * free; the client refused the uplink's next publish, and the uplink started over from its cursor,
     * sending what was in flight again: a burst of commands through a broker with a receive maximum
     * of 10 got some responses three times.) Only when the queue cannot take it does it go straight
     * to the client.
     */
    private void respond(String topic, byte[] correlation, String json) {
        try {
            uplink.offer(new BinaryFormat.PendingResponse(topic, correlation, json));
            appended();
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warn("command response for {} not queued ({}): sending it directly", LogQuote.of(topic), e.getMessage());
        }
        MqttMessage m = new MqttMessage(DittoCodec.bytes(json), 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setContentType(DittoCodec.CONTENT_TYPE);
        if (correlation.length > 0) {
            p.setCorrelationData(correlation);
        }
        m.setProperties(p);
        if (!link.publish(topic, m, null, null)) {
            LOG.error("command response for {} is lost: the queue cannot take it and the link is down", LogQuote.of(topic));
        }
    }

    private void queueReport(String topic, String json) {
        try {
            uplink.offerGatewayReport(topic, json);
            appended();
        } catch (IOException e) {
            LOG.warn("queue report for {} not queued: {}", settings.gatewayThing(), e.getMessage());
        }
    }

    /** Notes the queue's offsets for the age of its oldest record (cheap: the counters only). */
    private void observeQueue() {
        QueueStats q = log.stats();
        queuedSince.observe(q.nextOffset() - q.undelivered(), q.nextOffset(), Instant.now());
    }

    private Instant oldestQueued() {
        QueueStats q = log.stats();
        return queuedSince.oldest(q.nextOffset() - q.undelivered(), q.nextOffset());
    }

    /** @return the link's state for the gateway twin's {@code link} feature, which the core reports */
    @Override
    public Optional<LinkStatus> linkStatus() {
        return Optional.of(linkStatus.status());
    }

    /**
     * The birth message: the gateway's link connected, the queue's status, and every device's
     * self-description.
     *
     * @param broker the broker just connected to
     * @return the payload
     */
    private byte[] birth(String broker) {
        Map<String, Object> devices = new LinkedHashMap<>();
        for (Map.Entry<ThingId, TwinUpdate.Definition> d : uplink.definitions().entrySet()) {
            devices.put(d.getKey().toString(), DittoCodec.definitionValue(d.getValue()));
        }
        QueueStats q = log.stats();
        LinkStatus connected = new LinkStatus(LinkStatus.State.CONNECTED, broker, Instant.now(), q.undelivered(), q.dropped(), "");
        // sent directly, not through the queue: a full or read-only queue is seen even when it cannot take its own report
        Map<String, Object> queue = QueueReport.properties(q.undelivered(), queueHealth());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("attributes", Map.of("devices", devices));
        value.put("features", Map.of(GatewayIdentity.LINK_FEATURE, Map.of("properties", connected.properties()),
                QueueReport.FEATURE, Map.of("properties", queue)));
        return DittoCodec.bytes(DittoCodec.merge(settings.gatewayThing(), "/", value, settings.clientId() + "#birth"));
    }

    /**
     * Stops the timer (or the commit thread) without interrupting what it runs: an interrupt during the
     * group commit's {@code force} closes the queue's file channel (ClosedByInterruptException), and
     * closing the queue afterwards failed ("queue did not close cleanly"). Periodic and delayed tasks are
     * cancelled; a task running now (a sync, a connection attempt) may finish, within a bound. The shared
     * scheduler's view cancels this link's tasks only and waits for the one running.
     *
     * @param timer  the link's timer or commit thread
     * @param millis how long to wait for a running task
     * @return whether the timer stopped within the bound
     */
    static boolean stopTimer(ExecutorService timer, long millis) {
        if (timer instanceof ScheduledThreadPoolExecutor stpe) {
            stpe.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            stpe.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                LOG.warn("cloud link timer still busy after {} ms; closing the queue anyway", millis);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Says goodbye on the state topic, stops sending and closes the queue. */
    @Deactivate
    public void deactivate() {
        if (takeoverFeature != null) {
            takeoverFeature.unregister();
        }
        link.stop(DittoCodec.bytes(DittoCodec.merge(settings.gatewayThing(), "/features/" + GatewayIdentity.LINK_FEATURE + "/properties",
                Map.of("state", LinkStatus.State.OFFLINE.twinName(), "since", Instant.now().toString()), settings.clientId() + "#stop")));
        intake.close();
        try {
            uplink.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queueSync.stop();
        stopTimer(timer, TIMER_STOP_MILLIS);
        stopTimer(commits, TIMER_STOP_MILLIS);
        try {
            log.close();
        } catch (IOException e) {
            LOG.error("cloud link queue {} did not close cleanly: {}", settings.queue().dir(), e.getMessage());
        }
        QueueStats q = log.stats();
        LOG.info("cloud link stopped: {} updates not yet delivered stay in {}", q.undelivered(), settings.queue().dir());
    }
}
