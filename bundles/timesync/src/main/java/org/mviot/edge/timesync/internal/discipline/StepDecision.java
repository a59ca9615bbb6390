package org.mviot.edge.timesync.internal.discipline;

import java.util.Set;

/**
 * Whether to step the system clock after a synchronization: only when allowed, only for a time the
 * gateway found itself (its NTP client or GNSS: chrony and timesyncd discipline the system clock
 * themselves, and two disciplines would fight), and only for an offset worth a step.
 */
public final class StepDecision {

    /** Sources the gateway synchronizes to itself. */
    private static final Set<String> OWN_SOURCES = Set.of("ntp", "gnss");

    private StepDecision() {
    }

    /**
     * @param mode               the setting
     * @param refused            whether an earlier step was refused (no privilege): not tried again
     * @param via                how the clock synchronized ({@code ntp}, {@code gnss}, {@code chrony}, {@code timesyncd})
     * @param offsetNanos        true time minus system clock
     * @param thresholdNanos     smallest offset stepped
     * @return whether to step the system clock by the offset
     */
    public static boolean step(DisciplineMode mode, boolean refused, String via, long offsetNanos, long thresholdNanos) {
        return mode == DisciplineMode.STEP && !refused && OWN_SOURCES.contains(via) && Math.abs(offsetNanos) >= thresholdNanos;
    }
}
