package org.mviot.edge.core.internal.actuation;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandAuthorizer;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.log.LogSafe;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.WriteTarget;
import org.mviot.edge.core.internal.registry.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The L2 path (IR-RecR-3, IR-RecR-5): command, authorization, reverse mapping with type and range
 * checks, driver write with a timeout, and a result for every command; the handler then reads the
 * channel back so the new value goes up as a normal twin update.
 */
public final class Actuator implements CommandService {

    private static final Logger LOG = LoggerFactory.getLogger(Actuator.class);

    private final TwinMapper mapper;
    private final DeviceRegistry registry;
    private final Supplier<CommandAuthorizer> authorizer;
    private final long timeoutMillis;

    /**
     * @param mapper        reverse mapping
     * @param registry      the devices
     * @param authorizer    the current authorizer (a fallback while none is registered: AuthorizerFallback)
     * @param timeoutMillis write timeout, for {@link CommandResult.TimedOut}
     */
    public Actuator(TwinMapper mapper, DeviceRegistry registry, Supplier<CommandAuthorizer> authorizer, long timeoutMillis) {
        this.mapper = mapper;
        this.registry = registry;
        this.authorizer = authorizer;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public CompletionStage<CommandResult> execute(Command command) {
        String id = command.correlationId();
        try {
            CommandAuthorizer.Decision decision = authorizer.get().authorize(command);
            if (decision == null || !decision.allowed()) {
                String why = decision == null ? "authorizer gave no decision" : decision.reason();
                return done(log(command, new CommandResult.Rejected(id, "not authorized: " + why)));
            }
            Optional<WriteTarget> target = mapper.resolve(command.thing(), command.feature(), command.path());
            if (target.isEmpty()) {
                String why = mapper.knows(command.thing())
                        ? "twin " + command.thing() + " has no writable property " + command.feature() + "/" + command.path()
                        : "no device maps to twin " + command.thing();
                return done(log(command, new CommandResult.Rejected(id, why)));
            }
            WriteTarget t = target.get();
            Object deviceValue;
            try {
                deviceValue = t.toDevice(command.value());
            } catch (WriteTarget.Refusal r) {
                return done(log(command, new CommandResult.Rejected(id, r.getMessage())));
            }
            Optional<DeviceHandler> handler = registry.device(t.device());
            if (handler.isEmpty()) {
                return done(log(command, new CommandResult.Failed(id, "device '" + t.device() + "' is gone")));
            }
            DeviceStatus s = handler.get().status();
            if (s.state() == DeviceStatus.State.OFFLINE || s.state() == DeviceStatus.State.MISCONFIGURED) {
                return done(log(command, new CommandResult.Failed(id, "device '" + t.device() + "' channel '"
                        + t.channel().spec().name() + "': device is " + s.state().name().toLowerCase(Locale.ROOT) + " (" + s.reason() + ")")));
            }
            String channel = t.channel().spec().name();
            return handler.get().write(t.channel().spec(), deviceValue).handle((v, e) -> {
                if (e == null) {
                    return log(command, new CommandResult.Done(id, t.device(), channel, deviceValue));
                }
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (c instanceof TimeoutException) {
                    return log(command, new CommandResult.TimedOut(id, timeoutMillis));
                }
                return log(command, new CommandResult.Failed(id, "device '" + t.device() + "' channel '" + channel + "': "
                        + (c.getMessage() == null ? c.toString() : c.getMessage())));
            });
        } catch (RuntimeException e) {
            LOG.error("command {} on {} failed unexpectedly", LogSafe.quote(id), LogSafe.text(String.valueOf(command.thing())), e);
            return done(new CommandResult.Failed(id, "internal error: " + e));
        }
    }

    private static CompletionStage<CommandResult> done(CommandResult r) {
        return CompletableFuture.completedFuture(r);
    }

    /** Every part of the line that a sender chose is quoted, escaped and cut off (a 4 MB setpoint shows 200 characters). */
    private static CommandResult log(Command c, CommandResult r) {
        if (LOG.isInfoEnabled()) {
            LOG.info("command {} from {} setting {} {}/{} = {}: {}", LogSafe.quote(c.correlationId()), LogSafe.quote(c.sender()), LogSafe.text(String.valueOf(c.thing())),
                    LogSafe.text(c.feature()), LogSafe.text(c.path()), LogSafe.value(c.value()), outcome(r));
        }
        return r;
    }

    /** The result without its correlation id (already on the line) and with the written value bounded. */
    private static String outcome(CommandResult r) {
        if (r instanceof CommandResult.Done d) {
            return "done: device " + d.device() + " channel " + d.channel() + " = " + LogSafe.value(d.written());
        }
        if (r instanceof CommandResult.Rejected x) {
            return "rejected: " + LogSafe.line(x.reason(), 1000);
        }
        if (r instanceof CommandResult.Failed f) {
            return "failed: " + LogSafe.line(f.reason(), 1000);
        }
        return r instanceof CommandResult.TimedOut t ? "timed out after " + t.timeoutMillis() + " ms" : LogSafe.text(String.valueOf(r));
    }
}
