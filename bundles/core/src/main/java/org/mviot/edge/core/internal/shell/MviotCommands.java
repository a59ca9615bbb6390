package org.mviot.edge.core.internal.shell;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.descriptor.ChannelConfig;
import org.mviot.edge.core.internal.log.LogSafe;
import org.mviot.edge.core.internal.pipeline.ChannelPipeline;
import org.mviot.edge.core.internal.registry.GatewayView;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;

/**
 * Gogo shell commands in scope {@code mviot}: {@code status}, {@code devices}, {@code channels},
 * {@code twins}, {@code write}. Each returns its text (aligned tables, times in ISO-8601 UTC to the
 * millisecond); a command that cannot do what was asked throws {@link ShellCommandException}, so
 * the shell, and {@code mviot-edge shell}'s exit code, report a failure.
 */
@Component(service = MviotCommands.class, property = {"osgi.command.scope=mviot", "osgi.command.function=status",
        "osgi.command.function=devices", "osgi.command.function=channels", "osgi.command.function=twins", "osgi.command.function=write"})
public final class MviotCommands {

    private final GatewayView view;
    private final Function<String, String> properties;

    /**
     * @param view    the running core
     * @param context for the framework properties the launcher sets (version, profile)
     */
    @Activate
    public MviotCommands(@Reference GatewayView view, BundleContext context) {
        this(view, context::getProperty);
    }

    /**
     * @param view       the running core
     * @param properties framework properties
     */
    public MviotCommands(GatewayView view, Function<String, String> properties) {
        this.view = view;
        this.properties = properties;
    }

    /**
     * @param json whether to answer JSON
     * @return the gateway, its twin's features, the cloud link and every device
     */
    @Descriptor("shows the gateway (version, profile, uptime, clock), its twin's features, the cloud link (state, broker, "
            + "last error, queue backlog and its oldest update) and every device (state, reason, since, last value); "
            + "works with no broker and with the cloud unreachable")
    public String status(@Descriptor("answer JSON with stable field names, for scripts")
            @Parameter(names = {"-j", "--json"}, presentValue = "true", absentValue = "false") boolean json) {
        Map<String, Object> doc = GatewayStatus.of(view, properties, Instant.now());
        return json ? new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create().toJson(doc)
                : StatusText.render(doc).stripTrailing();
    }

    /** @return every device with its driver, status, reason and since-time, then invalid descriptors */
    @Descriptor("lists every device with its driver, status, since when and why, then invalid descriptor files and the installed drivers")
    public String devices() {
        TextTable t = new TextTable("DEVICE", "DRIVER", "STATUS", "SINCE", "REASON");
        for (DeviceHandler h : view.registry().devices()) {
            var s = h.status();
            t.row(h.config().id(), h.config().descriptor().driver(), s.state().name().toLowerCase(Locale.ROOT), ShellText.time(s.since()),
                    s.reason());
        }
        StringBuilder b = new StringBuilder(t.toString());
        view.registry().invalid().forEach((origin, problems) -> problems.forEach(p -> b.append("INVALID ")
                .append(TextTable.printable(LogSafe.line(p.toString(), 2000))).append('\n')));
        b.append("drivers installed: ").append(view.registry().drivers());
        return b.toString();
    }

    /**
     * @param device device id
     * @return its channels with type, unit, access, twin path and live value
     */
    @Descriptor("lists a device's channels: the type reported, unit, access, twin path, quality, and the latest value with its time")
    public String channels(@Descriptor("the device's id (see mviot:devices)") String device) {
        DeviceHandler h = device(device);
        TextTable t = new TextTable("CHANNEL", "TYPE", "UNIT", "ACCESS", "TWIN", "QUALITY", "VALUE");
        for (ChannelPipeline c : h.pipeline().channels()) {
            ChannelSpec spec = h.config().descriptor().channel(c.channel()).orElse(null);
            ChannelType type = spec == null ? ChannelType.DOUBLE : c.reportedType();
            String unit = spec == null ? h.config().derived().stream().filter(d -> d.name().equals(c.channel())).findFirst()
                    .map(d -> d.unit()).orElse("") : spec.unit();
            String access = spec == null ? "derived" : spec.access().name().toLowerCase(Locale.ROOT);
            String at = ShellText.time(c.latestTimestamp());
            t.row(c.channel(), type.name().toLowerCase(Locale.ROOT), unit, access, c.key(),
                    c.latestQuality() == null ? "-" : c.latestQuality().name().toLowerCase(Locale.ROOT),
                    ShellText.value(type, c.latest()) + (at == null ? "" : "  @ " + at));
        }
        return t.toString().stripTrailing();
    }

    /** @return every twin: the devices' things with their latest values, and the gateway's, with the uplink backlog */
    @Descriptor("lists every twin with its latest values: each device's thing (twin path = value, quality, time) and the gateway's own "
            + "(its last report), then the core's uplink counters")
    public String twins() {
        StringBuilder b = new StringBuilder();
        for (DeviceHandler h : view.registry().devices()) {
            b.append(h.mapping().thing()).append("  (device ").append(h.config().id()).append(", ")
                    .append(h.status().state().name().toLowerCase(Locale.ROOT)).append(")\n");
            TextTable t = new TextTable("  PATH", "VALUE", "QUALITY", "AT");
            for (ChannelPipeline c : h.pipeline().channels()) {
                ChannelSpec spec = h.config().descriptor().channel(c.channel()).orElse(null);
                ChannelType type = spec == null ? ChannelType.DOUBLE : c.reportedType();
                t.row("  " + c.key(), ShellText.value(type, c.latest()),
                        c.latestQuality() == null ? "-" : c.latestQuality().name().toLowerCase(Locale.ROOT), ShellText.time(c.latestTimestamp()));
            }
            b.append(t);
        }
        b.append(view.gateway().thing()).append("  (gateway)\n");
        TextTable g = new TextTable("  PATH", "VALUE");
        view.gateway().features().forEach((k, v) -> g.row("  " + k, v));
        view.gateway().link().ifPresent(l -> l.properties().forEach((k, v) -> g.row("  link/" + k, v)));
        b.append(g);
        var u = view.backlog();
        b.append(String.format(Locale.ROOT, "uplink: held things=%d properties=%d degraded=%s changes=%d coalesced=%d dropped=%d "
                + "published=%d refused=%d publishers=%d", u.things(), u.paths(), u.degraded(), u.changes(), u.coalesced(), u.dropped(),
                u.published(), u.refused(), u.publishers()));
        return b.toString();
    }

    /**
     * Writes a channel through the command path (authorization, checks, driver, read-back).
     *
     * @param device  device id
     * @param channel channel name
     * @param value   the value in the twin's unit: {@code true}/{@code false}, a number, or text
     * @return the command's result
     * @throws InterruptedException when interrupted while waiting for the result
     */
    @Descriptor("writes a channel through the same path as a twin command (authorization, range and type checks, driver, read-back); "
            + "fails when the write is rejected, fails or times out")
    public String write(@Descriptor("the device's id") String device, @Descriptor("a writable channel of it") String channel,
            @Descriptor("the value in the twin's unit: true/false, a number, or text") String value) throws InterruptedException {
        DeviceHandler h = device(device);
        ChannelConfig c = h.config().channels().stream().filter(x -> x.spec().name().equals(channel)).findFirst().orElse(null);
        if (c == null || c.spec().access() == Access.READ) {
            throw new ShellCommandException("device '" + device + "' has no writable channel '" + LogSafe.line(channel, 200)
                    + "' (see: mviot:channels " + device + ")");
        }
        Object v = switch (c.spec().type()) {
            case BOOLEAN -> "true".equalsIgnoreCase(value) ? Boolean.TRUE : "false".equalsIgnoreCase(value) ? Boolean.FALSE : value;
            case STRING -> value;
            default -> parseNumber(value);
        };
        Command cmd = new Command("shell-" + UUID.randomUUID(), h.mapping().thing(), c.feature(), c.path(), v, "shell");
        CommandResult r;
        try {
            r = view.commands().execute(cmd).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ShellCommandException("write " + device + " " + channel + " failed: " + e.getMessage());
        }
        if (r instanceof CommandResult.Done d) {
            return "written: " + d.device() + " " + d.channel() + " = " + d.written();
        }
        if (r instanceof CommandResult.Rejected x) {
            throw new ShellCommandException("rejected: " + x.reason());
        }
        if (r instanceof CommandResult.Failed x) {
            throw new ShellCommandException("failed: " + x.reason());
        }
        CommandResult.TimedOut x = (CommandResult.TimedOut) r;
        throw new ShellCommandException("timed out: the device did not confirm the write within " + x.timeoutMillis() + " ms");
    }

    private DeviceHandler device(String id) {
        return view.registry().device(id).orElseThrow(() -> new ShellCommandException("no device '" + LogSafe.line(id, 200)
                + "' (see: mviot:devices)"));
    }

    private static Object parseNumber(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
