package org.mviot.edge.timesync.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.timesync.internal.clock.BootStep;
import org.mviot.edge.timesync.internal.clock.SyncRecord;
import org.mviot.edge.timesync.internal.clock.SyncedClock;

/**
 * The gateway twin's {@code clock} feature: the sync state the cloud needs to judge the samples'
 * timestamps. Built from memory (the clock's last sync record), so it is cheap to ask every merge
 * window.
 * <ul>
 * <li>{@code synced}: whether the time is synchronized now (within the hold-over);</li>
 * <li>{@code source}: {@code ntp}, {@code chrony}, {@code timesyncd} or {@code gnss} while synced, else {@code system-clock};</li>
 * <li>of the last sync: {@code errorBound.ms} (the error bound then; it grows by the drift since), {@code via}, {@code server}, {@code stratum}, {@code offset.ms}, {@code jitter.ms} (when known), {@code lastSync};</li>
 * <li>of the first sync since start: {@code firstSync}, {@code bootStep.ms} (how far off the clock was until then) and
 * {@code wrongAtBoot}: samples flagged {@code time-before-first-sync} were off by about {@code bootStep.ms};</li>
 * <li>{@code discipline}: what the system clock discipline does ({@code off}, or its last outcome).</li>
 * </ul>
 */
final class ClockFeature {

    /** The feature id in the gateway twin. */
    static final String ID = "clock";

    private final SyncedClock clock;
    private final Supplier<String> discipline;

    /**
     * @param clock      the clock
     * @param discipline the system clock discipline's state, in words
     */
    ClockFeature(SyncedClock clock, Supplier<String> discipline) {
        this.clock = clock;
        this.discipline = discipline;
    }

    /** @return the properties, by name */
    Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        boolean synced = clock.source() == TimeSource.SYNCED;
        SyncRecord last = clock.lastSync().orElse(null);
        p.put("synced", synced);
        p.put("source", synced && last != null ? last.via() : "system-clock");
        if (last != null) {
            // the bound at the sync, not now: it grows with the drift every millisecond, and a value that
            // changes at every read would be reported every merge window (the samples carry the current bound)
            p.put("errorBound.ms", last.errorBoundNanos() / 1e6);
            p.put("via", last.via());
            p.put("server", last.server());
            if (last.stratum() >= 0) {
                p.put("stratum", (long) last.stratum());
            }
            p.put("offset.ms", last.offsetNanos() / 1e6);
            if (last.jitterNanos() >= 0) {
                p.put("jitter.ms", last.jitterNanos() / 1e6);
            }
            p.put("lastSync", Instant.ofEpochMilli(last.atUnixMillis()).toString());
        }
        BootStep boot = clock.bootStep().orElse(null);
        if (boot != null) {
            p.put("firstSync", Instant.ofEpochMilli(boot.firstSyncUnixMillis()).toString());
            p.put("bootStep.ms", boot.stepNanos() / 1_000_000L);
            p.put("wrongAtBoot", boot.wrongAtBoot());
        }
        p.put("discipline", discipline.get());
        return p;
    }
}
