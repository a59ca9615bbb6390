package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.util.Locale;

/**
 * The HTTP-like status of a command the core rejected ({@code CommandResult.Rejected}).
 *
 * <p>{@code Rejected} carries only a reason text, and the core (not this bundle) writes it, so the
 * status is read from the shape of the core's messages, anchored at their fixed wording rather than
 * at any word inside them: a device, channel or property name holding "unknown" or "denied" must
 * not change the status. The core's wording, from its actuator and write targets:
 * <ul>
 * <li>{@code not authorized: <authorizer's reason>} → 403;</li>
 * <li>{@code no device maps to twin <thing>} and {@code twin <thing> has no writable property <f>/<p>} → 404;</li>
 * <li>{@code device '<d>' channel '<c>': expects …} / {@code … is out of range …} (wrong type, out of
 * range) → 400.</li>
 * </ul>
 * Any other wording (another {@code CommandService}) falls back to words: "not authori"/"denied" →
 * 403, "unknown"/"no such"/"not found" → 404, else 400.
 * If the api's {@code Rejected} ever carries a category, it should decide and this remain the fallback.
 */
final class RejectionStatus {

    private RejectionStatus() {
    }

    /**
     * @param reason the core's rejection reason
     * @return 403, 404 or 400
     */
    static int of(String reason) {
        if (reason.startsWith("not authorized")) {
            return 403;
        }
        if (reason.startsWith("no device maps to twin ") || (reason.startsWith("twin ") && reason.contains(" has no writable property "))) {
            return 404;
        }
        if (reason.startsWith("device '") && (reason.contains("': expects ") || reason.contains(" is out of range "))) {
            return 400;
        }
        // another command service's wording: the words it is likely to use
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("not authori") || r.contains("denied")) {
            return 403;
        }
        return r.contains("unknown") || r.contains("no such") || r.contains("not found") ? 404 : 400;
    }
}
