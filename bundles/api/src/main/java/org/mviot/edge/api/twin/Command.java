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
 */
public record Command(String correlationId, ThingId thing, String feature, String path, Object value, String sender) {

    /**
     * Checks the fields.
     *
     * @param correlationId correlation id
     * @param thing         thing
     * @param feature       feature
     * @param path          path
     * @param value         value
     * @param sender        sender
     */
    public Command {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(thing, "thing");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(path, "path");
        sender = sender == null ? "" : sender;
    }
}
