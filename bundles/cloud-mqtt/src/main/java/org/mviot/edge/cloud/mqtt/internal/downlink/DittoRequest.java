package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.codec.JsonWriter;
import org.mviot.edge.cloud.mqtt.internal.codec.StrictJson;
import org.mviot.edge.cloud.mqtt.internal.input.ControlCharacters;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;
import org.mviot.edge.cloud.mqtt.internal.input.LogQuote;

/**
 * A Ditto Protocol command or live message addressed to the gateway, reduced to what must be set:
 * one or more (feature, property path, value) writes.
 *
 * <p>Accepted shapes (see the README):
 * <ul>
 * <li>{@code <ns>/<name>/things/twin/commands/modify|merge} on {@code /features/<f>/desiredProperties[/<path>]},
 * or any ancestor ({@code /features/<f>}, {@code /features}) with a value that nests desired properties;</li>
 * <li>{@code <ns>/<name>/things/live/commands/modify|merge} on the same paths or on {@code properties};</li>
 * <li>{@code <ns>/<name>/things/live/messages/<subject>} on {@code /features/<f>/inbox/messages/<subject>}:
 * sets property {@code <subject>} of feature {@code <f>} to the value.</li>
 * </ul>
 *
 * @param thing          the addressed twin
 * @param channel        {@code twin} or {@code live}
 * @param topic          the request's Ditto topic (the response repeats it)
 * @param path           the request's path
 * @param message        whether it is a live message (else a modify/merge command)
 * @param correlationId  Ditto correlation id
 * @param sender         who sent it ({@code ditto-originator} header), empty if unknown
 * @param writes         what to set, in order
 * @param value          the request's value, re-written as JSON text (what a signature covers)
 * @param signature      the compact JWS in Ditto header {@value #SIGNATURE_HEADER}, empty if none
 */
public record DittoRequest(ThingId thing, String channel, String topic, String path, boolean message, String correlationId,
                           String sender, List<Write> writes, String value, String signature) {

    /** The Ditto header that carries a command's signature (a compact JWS, see the security bundle). */
    public static final String SIGNATURE_HEADER = "mviot-signature";

    /**
     * One property to set.
     *
     * @param feature  feature id
     * @param path     property path within the feature
     * @param value    {@link Boolean}, {@link Long}, {@link Double} or {@link String}
     * @param resource the Ditto policy resource it touches, e.g. {@code thing:/features/f/desiredProperties/p}
     */
    public record Write(String feature, String path, Object value, String resource) {
        /**
         * A write of a desired property.
         *
         * @param feature feature id
         * @param path    property path
         * @param value   value
         */
        public Write(String feature, String path, Object value) {
            this(feature, path, value, "thing:/features/" + feature + "/desiredProperties/" + path);
        }
    }

    /** The request cannot be carried out as sent; the message says why, for a 4xx response. */
    public static final class InvalidRequest extends IllegalArgumentException {
        /** Longest message, in chars. */
        static final int MAX_MESSAGE_CHARS = 600;

        private final int status;
        private final String error;
        private final transient ThingId thing;
        private final String correlationId;
        private final String topic;

        InvalidRequest(int status, String error, String message, ThingId thing, String correlationId, String topic) {
            // the message goes into the log and the response: one line, bounded
            super(LogQuote.line(message, MAX_MESSAGE_CHARS));
            this.status = status;
            this.error = error;
            this.thing = thing;
            this.correlationId = correlationId;
            this.topic = topic;
        }

        /** @return HTTP-like status */
        public int status() {
            return status;
        }

        /** @return Ditto error code */
        public String error() {
            return error;
        }

        /** @return the thing, if it could be read */
        public ThingId thing() {
            return thing;
        }

        /** @return the correlation id, if it could be read */
        public String correlationId() {
            return correlationId;
        }

        /** @return the request's topic, if it could be read */
        public String topic() {
            return topic;
        }
    }

    /**
     * Parses a request with the default limits.
     *
     * @param json the MQTT payload
     * @return the request
     * @throws InvalidRequest with a 4xx status naming what is wrong
     */
    public static DittoRequest parse(String json) {
        return parse(json, InputLimits.DEFAULTS);
    }

    /**
     * Parses a request. Text from the request that appears in an error message is quoted and cut
     * ({@link LogQuote}): the message goes into the log and the response.
     *
     * @param json   the MQTT payload
     * @param limits what a command may carry
     * @return the request
     * @throws InvalidRequest with status 400 (malformed), 413 (a value or the number of writes over a
     *                        limit) or 431 (too many or too long headers), naming what is wrong and the limit
     */
    public static DittoRequest parse(String json, InputLimits limits) {
        Object doc;
        try {
            doc = StrictJson.parse(json);
        } catch (StrictJson.TooLarge e) {
            throw new InvalidRequest(413, "json.toolarge", "the command is too large: " + e.getMessage(), null, null, null);
        } catch (StrictJson.MalformedJsonException e) {
            throw new InvalidRequest(400, "json.invalid", "the command is not valid JSON: " + e.getMessage(), null, null, null);
        }
        if (!(doc instanceof Map<?, ?> envelope)) {
            throw new InvalidRequest(400, "json.invalid", "the command must be a JSON object (a Ditto Protocol envelope)", null, null, null);
        }
        String correlation = null;
        String sender = "";
        String signature = "";
        if (envelope.get("headers") instanceof Map<?, ?> headers) {
            Headers.check(headers, limits);
            if (headers.get("correlation-id") instanceof String c) {
                correlation = c;
            }
            if (headers.get("ditto-originator") instanceof String o) {
                sender = o;
            }
            if (headers.get(SIGNATURE_HEADER) instanceof String j) {
                signature = j;
            }
        } else if (envelope.containsKey("headers") && envelope.get("headers") != null) {
            throw new InvalidRequest(400, "headers.invalid", "'headers' must be a JSON object", null, null, null);
        }
        if (!(envelope.get("topic") instanceof String topic)) {
            throw new InvalidRequest(400, "things:topic.invalid", "the command has no 'topic' string", null, correlation, null);
        }
        String quotedTopic = LogQuote.of(topic);
        if (ControlCharacters.indexIn(topic) >= 0) {
            throw new InvalidRequest(400, "things:topic.invalid", "topic " + quotedTopic + " holds a control character ("
                    + ControlCharacters.describe(topic) + ")", null, correlation, null);
        }
        String[] t = topic.split("/", -1);
        if (t.length < 5 || !"things".equals(t[2])) {
            throw new InvalidRequest(400, "things:topic.invalid",
                    "topic " + quotedTopic + " is not <namespace>/<name>/things/<twin|live>/<commands|messages>/<action>", null, correlation, topic);
        }
        ThingId thing;
        try {
            thing = new ThingId(t[0], t[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(400, "things:id.invalid", "topic " + quotedTopic + ": not a thing id: <namespace>/<name>", null,
                    correlation, topic);
        }
        String channel = t[3];
        if (!channel.equals("twin") && !channel.equals("live")) {
            throw new InvalidRequest(400, "things:topic.invalid", "topic " + quotedTopic + ": channel must be twin or live", thing, correlation, topic);
        }
        if (!(envelope.get("path") instanceof String path) || !path.startsWith("/")) {
            throw new InvalidRequest(400, "things:path.invalid", "the command has no 'path' starting with '/'", thing, correlation, topic);
        }
        if (path.length() > limits.maxHeaderChars()) {
            throw new InvalidRequest(413, "things:path.toolarge", "the path is " + path.length() + " chars, over the limit of "
                    + limits.maxHeaderChars() + " (command.max.header.chars)", thing, correlation, topic);
        }
        if (ControlCharacters.indexIn(path) >= 0) {
            throw new InvalidRequest(400, "things:path.invalid", "path " + LogQuote.of(path) + " holds a control character ("
                    + ControlCharacters.describe(path) + ")", thing, correlation, topic);
        }
        Object value = envelope.get("value");
        List<Write> writes = new ArrayList<>();
        boolean message;
        if (t.length == 6 && t[4].equals("commands") && (t[5].equals("modify") || t[5].equals("merge"))) {
            message = false;
            collect(path, value, writes, channel.equals("live"), thing, correlation, topic);
        } else if (t.length == 6 && t[4].equals("messages") && channel.equals("live") && !t[5].isEmpty()) {
            message = true;
            String[] p = segments(path);
            if (p.length != 5 || !p[0].equals("features") || !p[2].equals("inbox") || !p[3].equals("messages") || !p[4].equals(t[5])) {
                throw new InvalidRequest(400, "messages:path.invalid", "live message path " + LogQuote.of(path)
                        + " must be /features/<feature>/inbox/messages/" + LogQuote.of(t[5]), thing, correlation, topic);
            }
            leaves(p[1], t[5], "message:/features/" + p[1] + "/inbox/messages/" + t[5], value, writes, thing, correlation, topic);
        } else {
            throw new InvalidRequest(400, "things:command.unsupported", "topic " + quotedTopic
                    + " is not supported; the gateway takes twin/live commands modify and merge and live messages", thing, correlation, topic);
        }
        if (writes.isEmpty()) {
            throw new InvalidRequest(400, "things:value.invalid", "the command sets nothing", thing, correlation, topic);
        }
        Writes.check(writes, limits, thing, correlation, topic);
        return new DittoRequest(thing, channel, topic, path, message, correlation == null ? "" : correlation, sender, List.copyOf(writes),
                JsonWriter.toJson(value), signature);
    }

    /** Follows the value down to /features/<f>/desiredProperties/<path> leaves. */
    private static void collect(String path, Object value, List<Write> writes, boolean live, ThingId thing, String corr, String topic) {
        String[] p = segments(path);
        if (p.length >= 3 && p[0].equals("features") && (p[2].equals("desiredProperties") || (live && p[2].equals("properties")))) {
            String prefix = String.join("/", java.util.Arrays.copyOfRange(p, 3, p.length));
            if (prefix.isEmpty() && !(value instanceof Map)) {
                throw new InvalidRequest(400, "things:value.invalid", "path " + LogQuote.of(path) + " needs an object of properties", thing, corr, topic);
            }
            leaves(p[1], prefix, "thing:/features/" + p[1] + "/" + p[2] + "/", value, writes, thing, corr, topic);
            return;
        }
        boolean ancestor = p.length == 0 || (p[0].equals("features") && p.length <= 2);
        if (!ancestor) {
            throw new InvalidRequest(404, "things:path.notsettable", "path " + LogQuote.of(path) + " is not a desired property the gateway can set; "
                    + "expected /features/<feature>/desiredProperties/<property>", thing, corr, topic);
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new InvalidRequest(400, "things:value.invalid", "path " + LogQuote.of(path) + " needs an object value", thing, corr, topic);
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            collect((path.endsWith("/") ? path : path + "/") + e.getKey(), e.getValue(), writes, live, thing, corr, topic);
        }
    }

    /**
     * @param resource the policy resource of the leaf: a message's whole resource, or a property
     *                 section's ({@code thing:/features/f/desiredProperties/}) to which the leaf's path is added
     */
    private static void leaves(String feature, String prefix, String resource, Object value, List<Write> writes, ThingId thing, String corr,
                               String topic) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                leaves(feature, prefix.isEmpty() ? e.getKey().toString() : prefix + "/" + e.getKey(), resource, e.getValue(), writes, thing, corr,
                        topic);
            }
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Double || value instanceof String) {
            writes.add(new Write(feature, prefix, value, resource.startsWith("message:") ? resource : resource + prefix));
        } else if (value == null) {
            throw new InvalidRequest(400, "things:value.invalid", "feature " + LogQuote.of(feature) + " property " + LogQuote.of(prefix)
                    + ": null (deleting a desired property) cannot be carried out on a device", thing, corr, topic);
        } else {
            throw new InvalidRequest(400, "things:value.invalid", "feature " + LogQuote.of(feature) + " property " + LogQuote.of(prefix)
                    + ": an array is not a value a device channel takes; expected a boolean, number or string", thing, corr, topic);
        }
    }

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
