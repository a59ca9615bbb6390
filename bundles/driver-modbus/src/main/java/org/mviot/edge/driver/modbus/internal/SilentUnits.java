package org.mviot.edge.driver.modbus.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Units that did not answer, left alone for a while so they do not hold a shared connection or bus: while a unit
 * is left alone its reads fail at once with the reason it last gave, without touching the wire; then one read asks it
 * again. The pause doubles from {@link #FIRST_PAUSE_MILLIS} up to {@link #MAX_PAUSE_MILLIS} while the unit stays
 * silent, and ends when it answers. Shared by all devices of the driver and kept across a device's reopen (the core
 * reopens a device that keeps failing), keyed by the link and the unit id.
 *
 * <p>Without it, a wrong unit id on a TCP gateway or an RS-485 bus costs its timeout × tries on every poll, and every
 * other unit behind the same link waits that long each time. A unit alone on its link is asked on every poll: nobody
 * waits for it, and it is back the moment it answers.
 */
public final class SilentUnits {

    /** The first pause after a unit did not answer. */
    static final long FIRST_PAUSE_MILLIS = 10_000;
    /** The longest pause. */
    static final long MAX_PAUSE_MILLIS = 60_000;

    private record Silence(String reason, long until, long pause) {
    }

    private final Map<String, Silence> silent = new ConcurrentHashMap<>();
    /** The open devices' units on each link, with how many devices use each. */
    private final Map<String, Map<Integer, Integer>> units = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    /** With the system's monotonic clock. */
    public SilentUnits() {
        this(() -> System.nanoTime() / 1_000_000);
    }

    /**
     * @param clock milliseconds, monotonic
     */
    SilentUnits(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * A device on a unit opened.
     *
     * @param link the link, e.g. {@code tcp 10.0.0.5:502}
     * @param unit the unit id
     */
    public void join(String link, int unit) {
        units.computeIfAbsent(link, k -> new ConcurrentHashMap<>()).merge(unit, 1, Integer::sum);
    }

    /**
     * A device on a unit closed.
     *
     * @param link the link
     * @param unit the unit id
     */
    public void leave(String link, int unit) {
        units.computeIfPresent(link, (k, m) -> {
            m.computeIfPresent(unit, (u, n) -> n <= 1 ? null : n - 1);
            return m.isEmpty() ? null : m;
        });
    }

    /**
     * @param link the link
     * @param unit the unit id
     * @return the reason while the unit is left alone (it did not answer a moment ago, and other units share its link),
     *         or {@code null} when it may be asked
     */
    public String leftAlone(String link, int unit) {
        Silence s = silent.get(key(link, unit));
        if (s == null || clock.getAsLong() >= s.until()) {
            return null;
        }
        Map<Integer, Integer> here = units.get(link);
        return here != null && here.size() > 1 ? s.reason() : null;
    }

    private static String key(String link, int unit) {
        return link + " unit " + unit;
    }

    /**
     * The unit did not answer any try.
     *
     * @param link   the link
     * @param unit   the unit id
     * @param reason what its reads fail with meanwhile
     */
    public void noAnswer(String link, int unit, String reason) {
        silent.compute(key(link, unit), (k, s) -> {
            long pause = s == null ? FIRST_PAUSE_MILLIS : Math.min(MAX_PAUSE_MILLIS, s.pause() * 2);
            return new Silence(reason, clock.getAsLong() + pause, pause);
        });
    }

    /**
     * The unit answered (a value or an exception response): it is asked on every poll again.
     *
     * @param link the link
     * @param unit the unit id
     */
    public void answered(String link, int unit) {
        if (!silent.isEmpty()) {
            silent.remove(key(link, unit));
        }
    }
}
