package org.mviot.edge.driver.gpio.internal;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;

/**
 * One input pin with its debounce, handing each accepted edge, with the wall time it was seen, to
 * its channels (an input's level, a counter's pulses). The time is taken first thing in Pi4J's
 * callback, before debounce and before anything is published.
 *
 * <p>An edge allocates nothing here: the channels are an array, the debounce state is primitive, and
 * the timer that settles a debounce window is armed only when an edge came inside the window (bounce),
 * at most once per window, with a task made once. (Pi4J itself makes a {@link DigitalStateChangeEvent}
 * per edge before it calls us.)
 */
final class WatchedInput implements DigitalStateChangeListener {

    /** What a channel does with an accepted edge. Called on the edge's thread; must not allocate per call. */
    interface EdgeSink {
        /**
         * @param level  the debounced level after the edge (inversion applied)
         * @param millis wall time the edge was seen
         * @param nanos  monotonic time the edge was seen
         */
        void edge(boolean level, long millis, long nanos);
    }

    private static final EdgeSink[] NONE = {};

    private final DigitalInput input;
    private final boolean invert;
    private final Debouncer debouncer;
    private final EdgeClock clock;
    private final ScheduledExecutorService events;
    private final Runnable settleTask = this::settle;
    private volatile EdgeSink[] sinks = NONE;
    /** Whether a settle task is scheduled (guarded by this): one per window at most. */
    private boolean settlePending;

    WatchedInput(DigitalInput input, boolean invert, long debounceNanos, EdgeClock clock, ScheduledExecutorService events) {
        this.input = input;
        this.invert = invert;
        this.debouncer = new Debouncer(debounceNanos);
        this.clock = clock;
        this.events = events;
        debouncer.start(raw());
        input.addListener(this);
    }

    /** @param sinks the channels fed by this pin */
    void sinks(List<EdgeSink> sinks) {
        this.sinks = sinks.toArray(NONE);
    }

    /** @return the debounced level (inversion applied) */
    synchronized boolean level() {
        return debouncer.reported();
    }

    private boolean raw() {
        return input.state().isHigh() != invert;
    }

    @Override
    public void onDigitalStateChange(DigitalStateChangeEvent event) {
        long millis = clock.millis();
        long nanos = clock.nanos();
        boolean level = event.state().isHigh() != invert;
        Debouncer.Verdict v;
        Debouncer.Verdict overdue;
        boolean overdueLevel;
        long overdueAt;
        long settleIn = -1;
        synchronized (this) {
            // a window whose settle timer has not run by its end is settled first, as of its end
            overdueAt = debouncer.windowEnd();
            overdue = debouncer.settleOverdue(nanos);
            overdueLevel = debouncer.reported();
            v = debouncer.edge(level, nanos);
            if (debouncer.needsSettle() && !settlePending) {
                settlePending = true;
                settleIn = debouncer.windowEnd() - nanos;
            }
        }
        if (settleIn >= 0) {
            schedule(settleIn);
        }
        if (overdue == Debouncer.Verdict.REPORT) {
            deliver(overdueLevel, millis - (nanos - overdueAt) / 1_000_000L, overdueAt);
        }
        if (v == Debouncer.Verdict.REPORT) {
            deliver(level, millis, nanos);
        }
    }

    private void schedule(long delayNanos) {
        try {
            events.schedule(settleTask, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the driver is stopping
        }
    }

    /** The end of a debounce window with bounce in it: a level that changed inside it is reported now. */
    private void settle() {
        long millis = clock.millis();
        long nanos = clock.nanos();
        boolean level = raw();
        Debouncer.Verdict v;
        long again = -1;
        synchronized (this) {
            settlePending = false;
            v = debouncer.settle(level, nanos);
            // still to settle: the task woke before the window's end, or a later window has bounce in it too
            if (debouncer.needsSettle()) {
                settlePending = true;
                again = debouncer.windowEnd() - nanos;
            }
        }
        if (again >= 0) {
            schedule(again);
        }
        if (v == Debouncer.Verdict.REPORT) {
            deliver(level, millis, nanos);
        }
    }

    private void deliver(boolean level, long millis, long nanos) {
        for (EdgeSink s : sinks) {
            s.edge(level, millis, nanos);
        }
    }

    /** Stops listening. */
    void close() {
        input.removeListener(this);
    }
}
