package org.mviot.edge.core.internal.shell;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.log.LogSafe;
import org.mviot.edge.core.internal.descriptor.ChannelConfig;
import org.mviot.edge.core.internal.pipeline.ChannelPipeline;
import org.mviot.edge.core.internal.registry.GatewayView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands in scope {@code mviot}: {@code devices}, {@code channels <device>},
 * {@code twins}, {@code write <device> <channel> <value>}. Each returns its text; the shell prints it.
 */
@Component(service = MviotCommands.class, property = {"osgi.command.scope=mviot", "osgi.command.function=devices",
        "osgi.command.function=channels", "osgi.command.function=twins", "osgi.command.function=write"})
public final class MviotCommands {

    private final GatewayView view;

    /**
     * @param view the running core
     */
    @Activate
    public MviotCommands(@Reference GatewayView view) {
        this.view = view;
    }

    /** @return every device with its driver, status, reason and since-time, then invalid descriptors */
    public String devices() {
        StringBuilder b = new StringBuilder(String.format("%-20s %-10s %-13s %-25s %s%n", "DEVICE", "DRIVER", "STATUS", "SINCE", "REASON"));
        for (DeviceHandler h : view.registry().devices()) {
            var s = h.status();
            b.append(String.format("%-20s %-10s %-13s %-25s %s%n", h.config().id(), h.config().descriptor().driver(),
                    s.state().name().toLowerCase(Locale.ROOT), s.since(), s.reason()));
        }
        view.registry().invalid().forEach((origin, problems) -> problems.forEach(p -> b.append("INVALID ").append(LogSafe.line(p.toString(), 2000)).append('\n')));
        b.append("drivers installed: ").append(view.registry().drivers());
        return b.toString();
    }

    /**
     * @param device device id
     * @return its channels with type, unit, access, twin path and live value
     */
    public String channels(String device) {
        DeviceHandler h = view.registry().device(device).orElse(null);
        if (h == null) {
            return "no device '" + device + "' (see: mviot:devices)";
        }
        StringBuilder b = new StringBuilder(String.format("%-16s %-8s %-6s %-10s %-28s %-10s %s%n", "CHANNEL", "TYPE", "UNIT", "ACCESS",
                "TWIN", "QUALITY", "VALUE"));
        for (ChannelPipeline c : h.pipeline().channels()) {
            ChannelSpec spec = h.config().descriptor().channel(c.channel()).orElse(null);
            String type = (spec == null ? ChannelType.DOUBLE : spec.type()).name().toLowerCase(Locale.ROOT);
            String unit = spec == null ? h.config().derived().stream().filter(d -> d.name().equals(c.channel())).findFirst()
                    .map(d -> d.unit()).orElse("") : spec.unit();
            String access = spec == null ? "derived" : spec.access().name().toLowerCase(Locale.ROOT);
            Object v = c.latest();
            b.append(String.format("%-16s %-8s %-6s %-10s %-28s %-10s %s%s%n", c.channel(), type, unit, access, c.key(),
                    c.latestQuality() == null ? "-" : c.latestQuality().name().toLowerCase(Locale.ROOT), v == null ? "-" : v,
                    c.latestTimestamp() > 0 ? "  @ " + Instant.ofEpochMilli(c.latestTimestamp()) : ""));
        }
        return b.toString();
    }

    /** @return every twin: the devices' things and the gateway's, with the uplink backlog */
    public String twins() {
        StringBuilder b = new StringBuilder(String.format("%-40s %s%n", "THING", "SOURCE"));
        for (DeviceHandler h : view.registry().devices()) {
            b.append(String.format("%-40s device %s%n", h.mapping().thing(), h.config().id()));
        }
        b.append(String.format("%-40s gateway%n", view.gateway().thing()));
        view.gateway().latest().forEach((k, v) -> b.append("    ").append(k).append(" = ").append(v).append('\n'));
        b.append("uplink: ").append(view.backlog());
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
    public String write(String device, String channel, String value) throws InterruptedException {
        DeviceHandler h = view.registry().device(device).orElse(null);
        if (h == null) {
            return "no device '" + device + "' (see: mviot:devices)";
        }
        ChannelConfig c = h.config().channels().stream().filter(x -> x.spec().name().equals(channel)).findFirst().orElse(null);
        if (c == null || c.spec().access() == Access.READ) {
            return "device '" + device + "' has no writable channel '" + channel + "' (see: mviot:channels " + device + ")";
        }
        Object v = switch (c.spec().type()) {
            case BOOLEAN -> "true".equalsIgnoreCase(value) ? Boolean.TRUE : "false".equalsIgnoreCase(value) ? Boolean.FALSE : value;
            case STRING -> value;
            default -> parseNumber(value);
        };
        Command cmd = new Command("shell-" + UUID.randomUUID(), h.mapping().thing(), c.feature(), c.path(), v, "shell");
        try {
            CommandResult r = view.commands().execute(cmd).toCompletableFuture().get(30, TimeUnit.SECONDS);
            return r.toString();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "command failed: " + e;
        }
    }

    private static Object parseNumber(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
