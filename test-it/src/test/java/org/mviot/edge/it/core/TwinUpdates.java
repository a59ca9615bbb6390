package org.mviot.edge.it.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;

/**
 * A {@link TwinPublisher} registered by a test: keeps every update it is handed, in order, and lets
 * the test wait (with a deadline) until the updates satisfy a condition. The core's uplink thread
 * publishes; the test thread waits on the same monitor, so no polling and no sleeping.
 */
final class TwinUpdates implements TwinPublisher {

    private final List<TwinUpdate> updates = new ArrayList<>();

    @Override
    public synchronized boolean publish(TwinUpdate update) {
        updates.add(update);
        notifyAll();
        return true;
    }

    /** @return how many updates were taken so far; a mark for {@link #awaitAfter} */
    synchronized int mark() {
        return updates.size();
    }

    /** @return a copy of every update taken so far */
    synchronized List<TwinUpdate> all() {
        return new ArrayList<>(updates);
    }

    /**
     * Waits until an update taken at or after {@code mark} matches.
     *
     * @param what    the condition, for the failure message
     * @param mark    index of the first update to look at
     * @param timeout how long to wait at most
     * @param unit    unit of {@code timeout}
     * @param match   the condition on one update
     * @return the index of the first matching update
     * @throws InterruptedException when interrupted
     */
    synchronized int awaitAfter(String what, int mark, long timeout, TimeUnit unit, Predicate<TwinUpdate> match)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        int next = mark;
        while (true) {
            for (; next < updates.size(); next++) {
                if (match.test(updates.get(next))) {
                    return next;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no twin update after #" + mark + " where " + what + " within " + timeout + " "
                        + unit.toString().toLowerCase(java.util.Locale.ROOT) + "; the last ones were " + tail(10));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * @param at an index returned by {@link #awaitAfter}
     * @return the update there
     */
    synchronized TwinUpdate get(int at) {
        return updates.get(at);
    }

    private List<TwinUpdate> tail(int n) {
        return new ArrayList<>(updates.subList(Math.max(0, updates.size() - n), updates.size()));
    }

    /** @return matches a definition of the thing */
    static Predicate<TwinUpdate> definitionOf(ThingId thing) {
        return u -> u instanceof TwinUpdate.Definition d && d.thing().equals(thing);
    }

    /**
     * @param thing   the thing
     * @param feature feature id
     * @param path    property path
     * @param value   condition on the reported value
     * @return matches a change of that property whose value satisfies the condition
     */
    static Predicate<TwinUpdate> change(ThingId thing, String feature, String path, Predicate<Object> value) {
        return u -> property(u, thing, feature, path).filter(c -> value.test(c.value())).isPresent();
    }

    /**
     * @param u       an update
     * @param thing   the thing
     * @param feature feature id
     * @param path    property path
     * @return the change of that property in the update, if there is one
     */
    static Optional<PropertyChange> property(TwinUpdate u, ThingId thing, String feature, String path) {
        if (u instanceof TwinUpdate.Changes c && c.thing().equals(thing)) {
            return c.changes().stream().filter(p -> p.feature().equals(feature) && p.path().equals(path)).findFirst();
        }
        return Optional.empty();
    }

    /**
     * @param expected a value
     * @return matches that value, comparing numbers by their double value
     */
    static Predicate<Object> is(Object expected) {
        return v -> expected instanceof Number e && v instanceof Number n ? e.doubleValue() == n.doubleValue() : Objects.equals(expected, v);
    }
}
