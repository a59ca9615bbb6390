package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.codec.JsonWriter;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;
import org.mviot.edge.cloud.mqtt.internal.input.LogQuote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out commands that arrive from the cloud (IR-RecR-3, IR-RecR-5) and answers each with
 * exactly one Ditto response on the MQTT v5 response topic, with the request's correlation data:
 * 2xx when done; 4xx with a reason for malformed JSON, an unsupported shape, unknown thing or path,
 * wrong type or out of range (the core's rejection); 5xx when the device failed, 504 when it did
 * not answer in time, 503 when no command service runs. Nothing a sender writes can throw out of
 * {@link #handle}.
 */
public final class CommandDownlink {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDownlink.class);

    /** Sends a response. */
    public interface Responder {
        /**
         * @param topic           where
         * @param correlationData the request's MQTT v5 correlation data, may be empty
         * @param json            the Ditto response
         */
        void respond(String topic, byte[] correlationData, String json);
    }

    private final Supplier<CommandService> commands;
    private final ThingId gatewayThing;
    private final String defaultResponseTopic;
    private final long timeoutMillis;
    private final Responder responder;
    private final InputLimits limits;

    /**
     * @param commands             the core's command service, or {@code null} while none runs
     * @param gatewayThing         the gateway's twin, named in errors about requests naming no thing
     * @param defaultResponseTopic where responses go when the request names no response topic
     * @param timeoutMillis        how long a command may take
     * @param responder            sends responses
     */
    public CommandDownlink(Supplier<CommandService> commands, ThingId gatewayThing, String defaultResponseTopic, long timeoutMillis,
                           Responder responder) {
        this(commands, gatewayThing, defaultResponseTopic, timeoutMillis, responder, InputLimits.DEFAULTS);
    }

    /**
     * @param commands             the core's command service, or {@code null} while none runs
     * @param gatewayThing         the gateway's twin, named in errors about requests naming no thing
     * @param defaultResponseTopic where responses go when the request names no response topic
     * @param timeoutMillis        how long a command may take
     * @param responder            sends responses
     * @param limits               what a command may carry
     */
    public CommandDownlink(Supplier<CommandService> commands, ThingId gatewayThing, String defaultResponseTopic, long timeoutMillis,
                           Responder responder, InputLimits limits) {
        this.limits = limits;
        this.commands = commands;
        this.gatewayThing = gatewayThing;
        this.defaultResponseTopic = defaultResponseTopic;
        this.timeoutMillis = timeoutMillis;
        this.responder = responder;
    }

    /**
     * Handles one MQTT message from the command topics.
     *
     * @param payload         the payload
     * @param responseTopic   MQTT v5 response topic, or {@code null}
     * @param correlationData MQTT v5 correlation data, or {@code null}
     * @param mqttSender      the originator named in the MQTT v5 user properties ({@code ditto-originator}, else
     *                        {@code sender}), or {@code null}; the Ditto header {@code ditto-originator} wins
     * @return completes once the one response was handed to the responder (never exceptionally)
     */
    public CompletableFuture<Void> handle(byte[] payload, String responseTopic, byte[] correlationData, String mqttSender) {
        String replyTo = responseTopic == null || responseTopic.isEmpty() ? defaultResponseTopic : responseTopic;
        byte[] corr = correlationData == null ? new byte[0] : correlationData;
        DittoRequest request;
        try {
            request = DittoRequest.parse(new String(payload, StandardCharsets.UTF_8), limits);
        } catch (DittoRequest.InvalidRequest e) {
            LOG.info("command refused ({}): {}", e.status(), e.getMessage());
            ThingId thing = e.thing() == null ? gatewayThing : e.thing();
            String correlation = e.correlationId() != null ? e.correlationId() : fallbackCorrelation(corr);
            String channel = e.topic() != null && e.topic().contains("/things/live/") ? "live" : "twin";
            responder.respond(replyTo, corr, error(thing, channel, correlation, e.status(), e.error(), e.getMessage()));
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException | StackOverflowError e) {
            // a bug in parsing: the exception's message may quote the input, so only its type is told
            LOG.error("command could not be read ({})", e.getClass().getName());
            responder.respond(replyTo, corr, error(gatewayThing, "twin", fallbackCorrelation(corr), 400, "json.invalid",
                    "the command could not be read (" + e.getClass().getSimpleName() + ")"));
            return CompletableFuture.completedFuture(null);
        }
        String correlation = request.correlationId().isEmpty() ? fallbackCorrelation(corr) : request.correlationId();
        // the Ditto header first (Ditto's connectivity sets it to the authenticated subject), then the MQTT v5 user
        // property; none: empty, which a policy grants only to its "*" subject
        String sender = !request.sender().isEmpty() ? request.sender() : mqttSender == null ? "" : mqttSender;
        Command.Request origin = new Command.Request(request.topic(), request.path(), request.value(), request.signature());
        CommandService service = commands.get();
        if (service == null) {
            responder.respond(replyTo, corr, error(request.thing(), request.channel(), correlation, 503, "gateway:commands.unavailable",
                    "no command service runs on the gateway (is the core feature installed?)"));
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<CommandResult>> results = new ArrayList<>();
        int i = 0;
        for (DittoRequest.Write w : request.writes()) {
            String id = request.writes().size() == 1 ? correlation : correlation + "#" + i++;
            Command c = new Command(id, request.thing(), w.feature(), w.path(), w.value(), sender, w.resource(), origin);
            CompletableFuture<CommandResult> f;
            try {
                f = service.execute(c).toCompletableFuture();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            results.add(f.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .exceptionally(ex -> unwrap(ex) instanceof TimeoutException ? new CommandResult.TimedOut(id, timeoutMillis)
                            : new CommandResult.Failed(id, "command service failed: " + unwrap(ex))));
        }
        CompletableFuture<Void> answered = new CompletableFuture<>();
        CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).whenComplete((v, ex) -> {
            try {
                List<CommandResult> done = new ArrayList<>();
                for (CompletableFuture<CommandResult> f : results) {
                    done.add(f.join());
                }
                responder.respond(replyTo, corr, response(request, correlation, done));
            } catch (RuntimeException e) {
                LOG.error("response to command {} could not be sent", LogQuote.of(correlation), e);
            } finally {
                answered.complete(null);
            }
        });
        return answered;
    }

    /**
     * Answers a command refused before it was read (too large, a response topic or correlation data
     * over a limit, too many pending) with a Ditto error on the gateway's twin.
     *
     * @param replyTo         where
     * @param correlationData the correlation data to send back, empty for none
     * @param status          HTTP-like status
     * @param code            Ditto error code
     * @param message         why, naming the limit
     */
    public void refuse(String replyTo, byte[] correlationData, int status, String code, String message) {
        responder.respond(replyTo, correlationData, error(gatewayThing, "twin", fallbackCorrelation(correlationData), status, code, message));
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String fallbackCorrelation(byte[] corr) {
        // the correlation data is bounded (command.max.correlation.bytes) before it gets here
        return corr.length > 0 ? new String(corr, StandardCharsets.UTF_8) : UUID.randomUUID().toString();
    }

    /** The one response to a request, from all its writes' results: the first problem decides. */
    String response(DittoRequest r, String correlation, List<CommandResult> results) {
        for (CommandResult c : results) {
            if (c instanceof CommandResult.Rejected rej) {
                return error(r.thing(), r.channel(), correlation, RejectionStatus.of(rej.reason()), "gateway:command.rejected", rej.reason());
            }
        }
        for (CommandResult c : results) {
            if (c instanceof CommandResult.TimedOut t) {
                return error(r.thing(), r.channel(), correlation, 504, "gateway:device.timeout",
                        "the device did not confirm the write within " + t.timeoutMillis() + " ms; whether it acted is unknown");
            }
            if (c instanceof CommandResult.Failed f) {
                return error(r.thing(), r.channel(), correlation, 502, "gateway:device.failed", f.reason());
            }
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"topic\":");
        JsonWriter.string(sb, r.topic());
        sb.append(",\"headers\":");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("correlation-id", correlation);
        headers.put("content-type", "application/json");
        JsonWriter.value(sb, headers);
        if (r.message()) {
            String subject = r.topic().substring(r.topic().lastIndexOf('/') + 1);
            sb.append(",\"path\":");
            JsonWriter.string(sb, r.path().replace("/inbox/", "/outbox/"));
            List<Object> written = new ArrayList<>();
            for (CommandResult c : results) {
                CommandResult.Done d = (CommandResult.Done) c;
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("device", d.device());
                w.put("channel", d.channel());
                w.put("written", d.written());
                written.add(w);
            }
            sb.append(",\"value\":");
            JsonWriter.value(sb, Map.of("subject", subject, "done", written));
            sb.append(",\"status\":200}");
        } else {
            sb.append(",\"path\":");
            JsonWriter.string(sb, r.path());
            sb.append(",\"status\":204}");
        }
        return sb.toString();
    }

    /**
     * A Ditto error response.
     *
     * @param thing       the thing
     * @param channel     twin or live
     * @param correlation correlation id
     * @param status      HTTP-like status
     * @param code        Ditto error code
     * @param message     why, naming the thing, feature or value
     * @return the JSON
     */
    static String error(ThingId thing, String channel, String correlation, int status, String code, String message) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("correlation-id", correlation);
        headers.put("content-type", "application/json");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("status", status);
        value.put("error", code);
        value.put("message", message);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("topic", thing.namespace() + "/" + thing.name() + "/things/" + channel + "/errors");
        env.put("headers", headers);
        env.put("path", "/");
        env.put("value", value);
        env.put("status", status);
        return JsonWriter.toJson(env);
    }
}
