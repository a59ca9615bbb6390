package org.mviot.edge.core.internal.console;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.core.console.ChannelView;
import org.mviot.edge.core.console.DescriptorFinding;
import org.mviot.edge.core.console.DeviceView;
import org.mviot.edge.core.console.GatewayConsole;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.descriptor.ChannelConfig;
import org.mviot.edge.core.internal.descriptor.DescriptorProblem;
import org.mviot.edge.core.internal.descriptor.DescriptorValidator;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.log.LogSafe;
import org.mviot.edge.core.internal.pipeline.ChannelPipeline;
import org.mviot.edge.core.internal.registry.GatewayView;
import org.mviot.edge.core.internal.shell.GatewayStatus;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The core's {@link GatewayConsole}: the same status document as {@code mviot-edge status}, the registry's devices,
 * writes through the command service, and the descriptor validator the descriptor directory uses.
 */
@Component(service = GatewayConsole.class)
public final class ConsoleGateway implements GatewayConsole {

    private final GatewayView view;
    private final Function<String, String> properties;

    /**
     * @param view    the running core
     * @param context for the framework properties the launcher sets (version, profile)
     */
    @Activate
    public ConsoleGateway(@Reference GatewayView view, BundleContext context) {
        this(view, context::getProperty);
    }

    /**
     * @param view       the running core
     * @param properties framework properties
     */
    public ConsoleGateway(GatewayView view, Function<String, String> properties) {
        this.view = view;
        this.properties = properties;
    }

    @Override
    public Map<String, Object> status() {
        return GatewayStatus.of(view, properties, Instant.now());
    }

    @Override
    public List<DeviceView> devices() {
        List<DeviceView> out = new ArrayList<>();
        for (DeviceHandler h : view.registry().devices()) {
            out.add(viewOf(h));
        }
        return out;
    }

    @Override
    public Optional<DeviceView> device(String id) {
        return view.registry().device(id).map(ConsoleGateway::viewOf);
    }

    @Override
    public CompletionStage<CommandResult> write(String device, String channel, Object value, String subject) {
        String correlation = "console-" + UUID.randomUUID();
        DeviceHandler h = view.registry().device(device).orElse(null);
        if (h == null) {
            return CompletableFuture.completedFuture(new CommandResult.Rejected(correlation, "no device '" + LogSafe.line(device, 200) + "'"));
        }
        ChannelConfig c = h.config().channels().stream().filter(x -> x.spec().name().equals(channel)).findFirst().orElse(null);
        if (c == null || c.spec().access() == Access.READ) {
            return CompletableFuture.completedFuture(new CommandResult.Rejected(correlation, "device '" + device + "' has no writable channel '"
                    + LogSafe.line(channel, 200) + "'"));
        }
        return view.commands().execute(new Command(correlation, h.mapping().thing(), c.feature(), c.path(), value, subject));
    }

    @Override
    public List<DescriptorFinding> check(String file, String json) {
        String origin = devicesDirectory().resolve(file).toString();
        DescriptorValidator.Outcome o = view.validator().validate(origin, json);
        List<DescriptorFinding> out = new ArrayList<>();
        o.problems().forEach(p -> out.add(finding(p)));
        DeviceConfig c = o.config();
        if (c != null && out.isEmpty()) {
            // as the registry refuses them: an id or a twin another origin has already
            for (DeviceHandler h : view.registry().devices()) {
                if (h.config().origin().equals(origin)) {
                    continue;
                }
                if (h.config().id().equals(c.id())) {
                    out.add(new DescriptorFinding("$.id", "device '" + c.id() + "' is already defined by " + h.config().origin()
                            + "; give this device another id"));
                } else if (h.config().thing().equals(c.thing())) {
                    out.add(new DescriptorFinding("$.thing", "device '" + c.id() + "': thing " + LogSafe.quote(String.valueOf(c.thing()))
                            + " is already the twin of device '" + h.config().id() + "' defined by " + h.config().origin()
                            + "; a thing id may be claimed by one descriptor only"));
                }
            }
        }
        return out;
    }

    @Override
    public Path devicesDirectory() {
        return view.devicesDirectory();
    }

    @Override
    public Map<String, List<DescriptorFinding>> invalid() {
        Map<String, List<DescriptorFinding>> out = new LinkedHashMap<>();
        view.registry().invalid().forEach((origin, problems) -> out.put(origin, problems.stream().map(ConsoleGateway::finding).toList()));
        return out;
    }

    private static DescriptorFinding finding(DescriptorProblem p) {
        return new DescriptorFinding(p.jsonPath(), p.message());
    }

    private static DeviceView viewOf(DeviceHandler h) {
        var s = h.status();
        List<ChannelView> channels = new ArrayList<>();
        long last = 0;
        for (ChannelPipeline c : h.pipeline().channels()) {
            ChannelSpec spec = h.config().descriptor().channel(c.channel()).orElse(null);
            ChannelType type = spec == null ? ChannelType.DOUBLE : c.reportedType();
            String unit = spec == null ? h.config().derived().stream().filter(d -> d.name().equals(c.channel())).findFirst()
                    .map(d -> d.unit()).orElse("") : spec.unit();
            String access = spec == null ? "derived" : spec.access().name().toLowerCase(Locale.ROOT);
            Quality q = c.latestQuality();
            long at = c.latestTimestamp();
            if (q != null && q != Quality.BAD) {
                last = Math.max(last, at);
            }
            Double min = spec == null || Double.isInfinite(spec.range().min()) ? null : spec.range().min();
            Double max = spec == null || Double.isInfinite(spec.range().max()) ? null : spec.range().max();
            Object value = c.latest() instanceof Double d && !Double.isFinite(d) ? null : c.latest();
            channels.add(new ChannelView(c.channel(), type.name().toLowerCase(Locale.ROOT), access, unit, min, max, value,
                    q == null ? null : q.name().toLowerCase(Locale.ROOT), at <= 0 ? null : Instant.ofEpochMilli(at), c.key()));
        }
        return new DeviceView(h.config().id(), h.config().descriptor().driver(), s.state().name().toLowerCase(Locale.ROOT), s.reason(),
                s.since(), String.valueOf(h.mapping().thing()), h.config().origin(), last <= 0 ? null : Instant.ofEpochMilli(last), channels);
    }
}
