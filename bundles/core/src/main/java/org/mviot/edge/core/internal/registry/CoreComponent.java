package org.mviot.edge.core.internal.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.mviot.edge.api.device.DeviceSource;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.edge.EdgeStageFactory;
import org.mviot.edge.api.launch.FrameworkProperties;
import org.mviot.edge.api.position.PositionService;
import org.mviot.edge.api.time.GatewayClock;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandAuthorizer;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.PeriodicTask;
import org.mviot.edge.core.internal.acquisition.GatewayClockTime;
import org.mviot.edge.core.internal.actuation.Actuator;
import org.mviot.edge.core.internal.actuation.AuthorizerFallback;
import org.mviot.edge.core.internal.descriptor.DescriptorDirectory;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DescriptorProblem;
import org.mviot.edge.core.internal.descriptor.DescriptorValidator;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.gatewaytwin.GatewayTwin;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.privacy.PersonalData;
import org.mviot.edge.core.internal.scheduling.SharedScheduler;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.mapping.UplinkFlusher;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core, wired by Declarative Services: drivers, twin publishers, device sources and stage
 * factories come and go as dynamic references; the authorizer and the gateway clock are optional
 * (the system clock until a time sync bundle provides one; until a security bundle provides an
 * authorizer, commands are denied if the launcher asked for one, else allowed: {@link AuthorizerFallback}).
 */
@Component(service = {CommandService.class, GatewayView.class, GatewayIdentity.class}, immediate = true,
        configurationPid = "org.mviot.edge.core")
@Designate(ocd = CoreConfig.class)
public final class CoreComponent implements CommandService, GatewayView, GatewayIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(CoreComponent.class);
    private static final java.util.regex.Pattern GATEWAY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final CoreExecutors executors;
    private final Uplink uplink;
    private final TwinMapper mapper;
    private final DeviceRegistry registry;
    private final Actuator actuator;
    private final GatewayTwin gateway;
    private UplinkFlusher flusher;
    private final DescriptorValidator validator;
    private final DescriptorDirectory directory;
    private final String gatewayId;
    private final ThingId gatewayThing;
    private final GatewayClockTime time = new GatewayClockTime();
    private final AtomicReference<PositionService> position = new AtomicReference<>();
    private final AtomicReference<CommandAuthorizer> authorizer = new AtomicReference<>();
    private final Map<String, EdgeStageFactory> stageFactories = new ConcurrentHashMap<>();
    private final Map<DeviceSource, List<String>> sourceOrigins = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    /**
     * Starts the core.
     *
     * @param config  settings
     * @param context the bundle's context (framework properties {@code mviot.conf}, {@code mviot.gateway.id})
     * @param scheduler the gateway's shared scheduler (the core's view of it)
     */
    @Activate
    public CoreComponent(CoreConfig config, BundleContext context,
                         @Reference(target = "(" + SharedScheduler.FILTER_PROPERTY + "=shared)") ScheduledExecutorService scheduler) {
        String namespace = config.thing_namespace();
        gatewayId = !config.gateway_id().isBlank() ? config.gateway_id()
                : context.getProperty(FrameworkProperties.GATEWAY_ID) != null ? context.getProperty(FrameworkProperties.GATEWAY_ID) : "gateway";
        if (!GATEWAY_ID.matcher(gatewayId).matches()) {
            // the id names the gateway everywhere (thing, MQTT client, topics): one strict form
            throw new IllegalArgumentException("org.mviot.edge.core: gateway.id '" + gatewayId.replaceAll("\\p{Cntrl}", "?")
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        try {
            gatewayThing = new ThingId(namespace, gatewayId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("org.mviot.edge.core: thing.namespace '" + namespace + "' or gateway.id '" + gatewayId
                    + "' cannot form a thing id: " + e.getMessage());
        }
        Path devicesDir = !config.devices_dir().isBlank() ? Path.of(config.devices_dir())
                : Path.of(context.getProperty(FrameworkProperties.CONF_DIR) != null ? context.getProperty(FrameworkProperties.CONF_DIR) : "conf").resolve("devices");
        Path data = Path.of(context.getProperty(FrameworkProperties.DATA_DIR) != null ? context.getProperty(FrameworkProperties.DATA_DIR) : ".");

        executors = new CoreExecutors(scheduler, config.io_threads(), config.io_queue());
        uplink = new Uplink(config.backlog_max_properties(), sequenceBase(context.getProperty(FrameworkProperties.DATA_DIR)));
        mapper = new TwinMapper(uplink, time, new PersonalData(data.resolve("core")));
        registry = new DeviceRegistry(executors, time,
                new DeviceHandler.Timing(config.open_timeout_ms(), config.read_timeout_ms(), config.write_timeout_ms()), mapper);
        CommandAuthorizer fallback = AuthorizerFallback.of(context.getProperty(AuthorizerFallback.PROPERTY));
        actuator = new Actuator(mapper, registry, () -> {
            CommandAuthorizer a = authorizer.get();
            return a != null ? a : fallback;
        }, config.write_timeout_ms());
        gateway = new GatewayTwin(gatewayThing, registry, uplink, executors, time, data);
        validator = new DescriptorValidator(new DescriptorParser(namespace, stageFactories::get), registry::driver);
        directory = new DescriptorDirectory(devicesDir, validator, new DescriptorDirectory.Listener() {
            @Override
            public void valid(String origin, DeviceConfig device) {
                registry.put(device);
            }

            @Override
            public void invalid(String origin, List<DescriptorProblem> problems) {
                registry.rejected(origin, problems);
            }

            @Override
            public void removed(String origin) {
                registry.remove(origin);
            }
        });
        var s = executors.scheduler();
        Runnable scan = PeriodicTask.guard("descriptor scan", directory::scan);
        Runnable check = PeriodicTask.guard("gateway twin link", () -> {
            gateway.reportLink(false);
            gateway.reportFeatures();
            PositionService where = position.get();
            mapper.gatewayPosition(where == null ? java.util.Optional.empty() : where.position());
        });
        flusher = new UplinkFlusher(uplink, s, config.merge_window_ms(), config.flush_min_interval_ms(), System::nanoTime);
        uplink.flushSignal(flusher);
        tasks.add(s.scheduleAtFixedRate(PeriodicTask.guard("gateway twin", gateway::report), 1, config.gateway_report_s(), TimeUnit.SECONDS));
        if (config.devices_scan_ms() == config.gateway_check_ms()) {
            // the same period (the defaults): one wake-up of an idle gateway for both, not two; the first
            // scan at once, then on the shared scheduler's whole-second grid (with the policy file's check)
            Runnable both = new ScanThenCheck(scan, check);
            s.execute(both);
            tasks.add(s.scheduleWithFixedDelay(both, config.devices_scan_ms(), config.devices_scan_ms(), TimeUnit.MILLISECONDS));
        } else {
            tasks.add(s.scheduleWithFixedDelay(scan, 0, config.devices_scan_ms(), TimeUnit.MILLISECONDS));
            tasks.add(s.scheduleAtFixedRate(check, config.gateway_check_ms(), config.gateway_check_ms(), TimeUnit.MILLISECONDS));
        }
        LOG.info("core started: devices from {}, gateway twin {}, merge window {} ms", devicesDir, gatewayThing, config.merge_window_ms());
    }

    /** Stops every device and the core's threads. */
    @Deactivate
    void deactivate() {
        tasks.forEach(t -> t.cancel(false));
        flusher.close();
        registry.close();
        executors.close();
        LOG.info("core stopped");
    }

    /** @param d a driver that appeared */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(Driver d) {
        registry.driverAdded(d);
    }

    /** @param d a driver that went away */
    void removeDriver(Driver d) {
        registry.driverRemoved(d);
    }

    /** @param p a twin publisher that appeared */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPublisher(TwinPublisher p) {
        uplink.addPublisher(p);
        gateway.addPublisher(p);
    }

    /** @param p a twin publisher that went away */
    void removePublisher(TwinPublisher p) {
        gateway.removePublisher(p);
        uplink.removePublisher(p);
    }

    /** @param f a gateway twin feature another bundle contributes */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGatewayFeature(GatewayFeature f) {
        gateway.addFeature(f);
    }

    /** @param f a contributed gateway twin feature that went away */
    void removeGatewayFeature(GatewayFeature f) {
        gateway.removeFeature(f);
    }

    /** @param a the command authorizer */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setAuthorizer(CommandAuthorizer a) {
        authorizer.set(a);
    }

    /** @param a the command authorizer that went away */
    void unsetAuthorizer(CommandAuthorizer a) {
        authorizer.compareAndSet(a, null);
    }

    /** @param c the gateway clock */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setClock(GatewayClock c) {
        time.set(c);
        LOG.info("samples are stamped by the gateway clock {} from now on", c.getClass().getName());
    }

    /** @param c the gateway clock that went away */
    void unsetClock(GatewayClock c) {
        if (time.unset(c)) {
            LOG.info("gateway clock gone: samples are stamped by the unsynchronized system clock");
        }
    }

    /** @param p the gateway's position (devices with {@code "position": "gateway"} follow it) */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setPosition(PositionService p) {
        position.set(p);
    }

    /** @param p the position service that went away */
    void unsetPosition(PositionService p) {
        position.compareAndSet(p, null);
    }

    /** @param f a stage factory that appeared */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStageFactory(EdgeStageFactory f) {
        stageFactories.putIfAbsent(f.kind(), f);
    }

    /** @param f a stage factory that went away */
    void removeStageFactory(EdgeStageFactory f) {
        stageFactories.remove(f.kind(), f);
    }

    /** @param source a bundle contributing devices */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(DeviceSource source) {
        List<String> origins = new ArrayList<>();
        for (DeviceSource.Document doc : source.documents()) {
            String origin = "bundle:" + doc.origin();
            origins.add(origin);
            PeriodicTask.item(() -> {
                DescriptorValidator.Outcome o = validator.validate(origin, doc.json());
                if (o.config() != null) {
                    registry.put(o.config());
                } else {
                    registry.rejected(origin, o.problems());
                }
            }, t -> registry.rejected(origin, List.of(new DescriptorProblem(origin, "$", "could not be processed: " + PeriodicTask.describe(t)))));
        }
        sourceOrigins.put(source, origins);
    }

    /** @param source a bundle contributing devices that went away */
    void removeSource(DeviceSource source) {
        List<String> origins = sourceOrigins.remove(source);
        if (origins != null) {
            origins.forEach(registry::remove);
        }
    }

    @Override
    public String gatewayId() {
        return gatewayId;
    }

    @Override
    public ThingId thing() {
        return gatewayThing;
    }

    @Override
    public CompletionStage<CommandResult> execute(Command command) {
        return actuator.execute(command);
    }

    @Override
    public DeviceRegistry registry() {
        return registry;
    }

    @Override
    public Uplink.Backlog backlog() {
        return uplink.backlog();
    }

    @Override
    public GatewayTwin gateway() {
        return gateway;
    }

    @Override
    public CommandService commands() {
        return actuator;
    }

    @Override
    public Map<String, List<String>> sources() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(directory.directory().toString(), List.of());
        sourceOrigins.forEach((s, o) -> m.put(s.getClass().getName(), o));
        return m;
    }

    @Override
    public DescriptorValidator validator() {
        return validator;
    }

    @Override
    public Path devicesDirectory() {
        return directory.directory();
    }

    /** Sequence numbers continue across restarts; without a writable data directory they restart at 1, and the log says so. */
    private static long sequenceBase(String dataDir) {
        if (dataDir == null) {
            LOG.info("no gateway data directory (mviot.data): twin sequence numbers restart at 1 on every start");
            return 0;
        }
        Path file = Path.of(dataDir, "core", "sequence-epoch");
        try {
            return org.mviot.edge.core.internal.mapping.SequenceEpoch.next(file);
        } catch (java.io.IOException e) {
            LOG.warn("twin sequence numbers restart at 1 on every start: {} cannot be used ({})", file, e.getMessage());
            return 0;
        }
    }
}
