package org.mviot.edge.core.internal.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects property changes per thing and hands them to the twin publishers when its
 * {@link UplinkFlusher} says (at the end of an acquisition batch, rate-limited, or within a merge
 * window), one {@link TwinUpdate} per thing, each thing with a monotonic sequence number.
 *
 * <p>Back-pressure: while no publisher is installed or one refuses, updates stay here, coalesced per
 * thing and property (a newer value replaces an older one), so memory is bounded by the number of
 * mapped properties, not by time offline; the gateway twin reports the backlog. Beyond
 * {@code maxPaths} held properties, changes to properties not yet held are dropped and counted.
 * An update refused by one publisher is retried to all of them (at-least-once), with a new sequence
 * number: a gap in the numbers tells the cloud that updates were merged.
 */
public final class Uplink {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);

    private static final class Pending {
        TwinUpdate.Definition definition;
        final LinkedHashMap<String, PropertyChange> changes;

        /** @param expected changes the thing had in its last window: sized once instead of grown each window */
        Pending(int expected) {
            changes = expected > 12 ? new LinkedHashMap<>(expected * 4 / 3 + 1) : new LinkedHashMap<>();
        }
    }

    private final Object lock = new Object();
    private final Map<ThingId, Pending> pending = new LinkedHashMap<>();
    private final Map<ThingId, Long> sequences = new HashMap<>();
    /** Per thing, how many properties its last flushed window held (guarded by lock). */
    private final Map<ThingId, Integer> lastSizes = new HashMap<>();
    private final List<TwinPublisher> publishers = new CopyOnWriteArrayList<>();
    private final int maxPaths;
    private int heldPaths;
    private boolean backlogged;
    private final LongAdder changes = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder refused = new LongAdder();

    private final long sequenceBase;
    private volatile FlushSignal signal = FlushSignal.NONE;

    /** Told when there is something to flush, and when an acquisition batch is done ({@link UplinkFlusher}). */
    public interface FlushSignal {
        /** Tells nobody: the owner calls {@link Uplink#flush()} itself (tests, benchmarks). */
        FlushSignal NONE = new FlushSignal() {
            @Override
            public void changed() {
            }

            @Override
            public void batchDone() {
            }
        };

        /** A change is pending. */
        void changed();

        /** An acquisition batch has gone through the pipeline: its changes are all here. */
        void batchDone();

        /**
         * A poll cycle's batch has gone through the pipeline, on a core I/O thread (not a driver's own
         * thread) that may run the flush itself.
         */
        default void pollDone() {
            batchDone();
        }

        /**
         * A value a driver pushed ({@link org.mviot.edge.api.driver.DeviceListener#onValue}) has gone
         * through the pipeline, on the driver's thread, which holds no core lock and may run the flush
         * itself as {@link #pollDone()} does.
         */
        default void pushDone() {
            batchDone();
        }
    }

    /**
     * @param maxPaths most properties held at once
     */
    public Uplink(int maxPaths) {
        this(maxPaths, 0);
    }

    /**
     * @param maxPaths     most properties held at once
     * @param sequenceBase added to every thing's update counter (see {@link SequenceEpoch})
     */
    public Uplink(int maxPaths, long sequenceBase) {
        this.maxPaths = maxPaths;
        this.sequenceBase = sequenceBase;
    }

    /** @param signal who decides when to flush */
    public void flushSignal(FlushSignal signal) {
        this.signal = signal;
    }

    /** An acquisition batch has gone through the pipeline: its changes may go now. */
    public void batchDone() {
        signal.batchDone();
    }

    /** A poll cycle's batch has gone through the pipeline on a core I/O thread, which may flush it itself. */
    public void pollDone() {
        signal.pollDone();
    }

    /** A value a driver pushed has gone through the pipeline on the driver's thread, which may flush it itself. */
    public void pushDone() {
        signal.pushDone();
    }

    /** @return whether updates are waiting for a flush */
    public boolean hasPending() {
        synchronized (lock) {
            return !pending.isEmpty();
        }
    }

    /** @param p a publisher that appeared */
    public void addPublisher(TwinPublisher p) {
        publishers.add(p);
    }

    /** @param p a publisher that went away */
    public void removePublisher(TwinPublisher p) {
        publishers.remove(p);
    }

    /**
     * Adds a change; replaces a pending change of the same property.
     *
     * @param thing  the twin
     * @param key    {@code feature/path}
     * @param change the change
     */
    public void change(ThingId thing, String key, PropertyChange change) {
        changes.increment();
        synchronized (lock) {
            Pending p = pending.get(thing);
            if (p == null) {
                p = new Pending(lastSizes.getOrDefault(thing, 0));
                pending.put(thing, p);
            }
            if (heldPaths < maxPaths) {
                // one lookup: a replaced value keeps its place (insertion order), as before
                if (p.changes.put(key, change) != null) {
                    coalesced.increment();
                } else {
                    heldPaths++;
                }
            } else if (p.changes.containsKey(key)) {
                p.changes.put(key, change);
                coalesced.increment();
            } else {
                dropped.increment();
            }
        }
        signal.changed();
    }

    /**
     * Queues a twin definition; it goes up before the thing's pending changes.
     *
     * @param definition the definition (its sequence number is assigned when it is sent)
     */
    public void define(TwinUpdate.Definition definition) {
        synchronized (lock) {
            pending.computeIfAbsent(definition.thing(), t -> new Pending(0)).definition = definition;
        }
        signal.changed();
    }

    /**
     * Forgets what is pending for a thing (its device was removed).
     *
     * @param thing the twin
     */
    public void forget(ThingId thing) {
        synchronized (lock) {
            Pending p = pending.remove(thing);
            lastSizes.remove(thing);
            if (p != null) {
                heldPaths -= p.changes.size();
            }
        }
    }

    /**
     * Hands every pending update to the publishers. Called by one thread at a time (its {@link FlushSignal} sees to it).
     *
     * @return the updates the publishers took
     */
    public List<TwinUpdate> flush() {
        List<TwinPublisher> targets = List.copyOf(publishers);
        Map<ThingId, Pending> batch;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return List.of();
            }
            if (targets.isEmpty()) {
                if (!backlogged) {
                    backlogged = true;
                    LOG.info("no twin publisher installed: twin updates are held, coalesced per thing, until a cloud link appears");
                }
                return List.of();
            }
            batch = new LinkedHashMap<>(pending);
            for (Map.Entry<ThingId, Pending> e : batch.entrySet()) {
                lastSizes.put(e.getKey(), e.getValue().changes.size());
            }
            pending.clear();
            heldPaths = 0;
        }
        List<TwinUpdate> sent = new ArrayList<>();
        boolean anyRefused = false;
        for (Map.Entry<ThingId, Pending> e : batch.entrySet()) {
            ThingId thing = e.getKey();
            Pending p = e.getValue();
            if (p.definition != null) {
                TwinUpdate.Definition d = p.definition;
                TwinUpdate.Definition numbered = new TwinUpdate.Definition(thing, nextSequence(thing), d.device(), d.driver(),
                        d.attributes(), d.features());
                if (offer(targets, numbered)) {
                    sent.add(numbered);
                } else {
                    anyRefused = true;
                    requeue(thing, p);
                    continue;
                }
            }
            if (!p.changes.isEmpty()) {
                TwinUpdate.Changes c = new TwinUpdate.Changes(thing, nextSequence(thing), new ArrayList<>(p.changes.values()));
                if (offer(targets, c)) {
                    sent.add(c);
                } else {
                    anyRefused = true;
                    p.definition = null;
                    requeue(thing, p);
                }
            }
        }
        synchronized (lock) {
            if (anyRefused != backlogged) {
                backlogged = anyRefused;
                if (anyRefused) {
                    LOG.info("twin publisher is full: updates are held, coalesced per thing, and retried");
                } else {
                    LOG.info("twin publisher takes updates again: backlog cleared");
                }
            }
        }
        return sent;
    }

    private boolean offer(List<TwinPublisher> targets, TwinUpdate u) {
        boolean all = true;
        for (TwinPublisher t : targets) {
            try {
                all &= t.publish(u);
            } catch (RuntimeException ex) {
                LOG.error("twin publisher {} failed on an update of {}", t.getClass().getName(), u.thing(), ex);
                all = false;
            }
        }
        if (all) {
            published.increment();
        } else {
            refused.increment();
        }
        return all;
    }

    /** Puts refused changes back under any newer ones that arrived meanwhile. */
    private void requeue(ThingId thing, Pending refusedOnes) {
        synchronized (lock) {
            Pending now = pending.computeIfAbsent(thing, t -> new Pending(0));
            if (now.definition == null) {
                now.definition = refusedOnes.definition;
            }
            for (Map.Entry<String, PropertyChange> c : refusedOnes.changes.entrySet()) {
                if (now.changes.containsKey(c.getKey())) {
                    coalesced.increment();
                } else {
                    now.changes.put(c.getKey(), c.getValue());
                    heldPaths++;
                }
            }
        }
    }

    private long nextSequence(ThingId thing) {
        return sequences.merge(thing, sequenceBase + 1, (previous, first) -> previous + 1);
    }

    /** @return a snapshot of the backlog and counters */
    public Backlog backlog() {
        synchronized (lock) {
            return new Backlog(pending.size(), heldPaths, backlogged, changes.sum(), coalesced.sum(), dropped.sum(),
                    published.sum(), refused.sum(), publishers.size());
        }
    }

    /**
     * The uplink's state, for the gateway twin and the shell.
     *
     * @param things     things with pending updates
     * @param paths      properties held
     * @param degraded   whether updates are held back (no publisher, or it refused)
     * @param changes    changes received since start
     * @param coalesced  changes replaced by newer ones before going up
     * @param dropped    changes dropped because the backlog was full
     * @param published  updates the publishers took
     * @param refused    updates the publishers refused
     * @param publishers publishers installed
     */
    public record Backlog(int things, int paths, boolean degraded, long changes, long coalesced, long dropped, long published,
                          long refused, int publishers) {
    }
}
