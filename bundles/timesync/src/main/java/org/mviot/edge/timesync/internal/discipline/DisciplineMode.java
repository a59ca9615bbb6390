package org.mviot.edge.timesync.internal.discipline;

import java.util.Locale;

/** What the gateway may do to the system clock ({@code clock.discipline}). */
public enum DisciplineMode {
    /** Leave the system clock alone (the default): only the time the gateway hands out is corrected. */
    OFF,
    /** Step the system clock to the synchronized time when it is off by at least the step threshold. */
    STEP;

    /**
     * @param key   the setting's name, for the message
     * @param value the setting
     * @return the mode
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static DisciplineMode parse(String key, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "off" -> OFF;
            case "step" -> STEP;
            default -> throw new IllegalArgumentException(key + " must be off or step, was '"
                    + v.replaceAll("\\p{Cntrl}", "?").substring(0, Math.min(v.length(), 40)) + "'");
        };
    }
}
