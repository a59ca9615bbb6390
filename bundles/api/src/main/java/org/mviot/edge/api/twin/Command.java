package org.mviot.edge.api.twin;

import java.util.Objects;

/**
 * A change made to a twin that must be carried out on the physical device (IR-RecR-3): set the
 * property at {@code /features/<feature>/properties/<path>} to a value.
 *
 * @param correlationId ties the {@link CommandResult} to this command (MQTT v5 correlation data)
 * @param thing         the twin
 * @param feature       feature id
 * @param path          property path within the feature
 * @param value         desired value: {@link Boolean}, a {@link Number} or {@link String}, in the twin's unit
 * @param sender        who sent it (an authenticated subject), for authorization and audit
 * @param resource      what the sender asked to change, as an Eclipse Ditto policy resource:
 *                      {@code thing:/features/<feature>/desiredProperties/<path>} for a twin command,
 *                      {@code thing:/features/<feature>/properties/<path>} for a live command on properties,
 *                      {@code message:/features/<feature>/inbox/messages/<subject>} for a live message
 * @param request       the request the command came from, as sent (for checks that cover the whole
 *                      request, such as a signature); {@link Request#NONE} when unknown
 * @since 1.1
 */
public record Command(String correlationId, ThingId thing, String feature, String path, Object value, String sender,
                      String resource, Request request) {

    /**
     * The request a command came from, as the sender sent it. One request may set several
     * properties (a merge); each becomes a {@link Command} sharing this request.
     *
     * @param topic     the request's Eclipse Ditto topic, e.g. {@code ns/name/things/twin/commands/modify}
     * @param path      the request's Ditto path, e.g. {@code /features/relay/desiredProperties/on}
     * @param value     the request's value as JSON text
     * @param signature the compact JWS the request carried (Ditto header {@code mviot-signature}), empty if none
     * @since 1.1
     */
    public record Request(String topic, String path, String value, String signature) {

        /** No request known: a command that did not come from a Ditto request. */
        public static final Request NONE = new Request("", "", "", "");

        /**
         * Checks the fields.
         *
         * @param topic     topic
         * @param path      path
         * @param value     value
         * @param signature signature
         */
        public Request {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /**
     * Checks the fields.
     *
     * @param correlationId correlation id
     * @param thing         thing
     * @param feature       feature
     * @param path          path
     * @param value         value
     * @param sender        sender
     * @param resource      resource; {@code null} or empty: the desired property's resource
     * @param request       request; {@code null}: {@link Request#NONE}
     */
    public Command {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(thing, "thing");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(path, "path");
        sender = sender == null ? "" : sender;
        resource = resource == null || resource.isEmpty() ? desiredProperty(feature, path) : resource;
        request = request == null ? Request.NONE : request;
    }

    /**
     * A command on a desired property, from no known request.
     *
     * @param correlationId correlation id
     * @param thing         thing
     * @param feature       feature
     * @param path          path
     * @param value         value
     * @param sender        sender
     */
    public Command(String correlationId, ThingId thing, String feature, String path, Object value, String sender) {
        this(correlationId, thing, feature, path, value, sender, null, null);
    }

    /**
     * @param feature feature id
     * @param path    property path
     * @return {@code thing:/features/<feature>/desiredProperties/<path>}
     * @since 1.1
     */
    public static String desiredProperty(String feature, String path) {
        return "thing:/features/" + feature + "/desiredProperties/" + path;
    }
}
