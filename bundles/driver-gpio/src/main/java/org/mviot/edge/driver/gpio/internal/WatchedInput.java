package org.mviot.edge.driver.gpio.internal;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;

/**
 * One input pin with its debounce, handing each accepted edge, with the wall time it was seen, to
 * its channels (an input's level, a counter's pulses). The time is taken first thing in Pi4J's
 * callback, before debounce and before anything is published.
 */
final class WatchedInput implements DigitalStateChangeListener {

    /** What a channel does with an accepted edge. */
    interface EdgeSink {
        /**
         * @param level  the debounced level after the edge (inversion applied)
         * @param millis wall time the edge was seen
         * @param nanos  monotonic time the edge was seen
         */
        void edge(boolean level, long millis, long nanos);
    }

    private final DigitalInput input;
    private final boolean invert;
    private final Debouncer debouncer;
    private final EdgeClock clock;
    private final ScheduledExecutorService events;
    private volatile List<EdgeSink> sinks = List.of();

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
        this.sinks = List.copyOf(sinks);
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
        boolean schedule;
        synchronized (this) {
            boolean wasSettling = debouncer.settling();
            v = debouncer.edge(level, nanos);
            schedule = v == Debouncer.Verdict.REPORT && debouncer.settling() && !wasSettling;
        }
        if (schedule) {
            scheduleSettle(nanos);
        }
        if (v == Debouncer.Verdict.REPORT) {
            deliver(level, millis, nanos);
        }
    }

    private void scheduleSettle(long nanos) {
        long delay;
        synchronized (this) {
            delay = debouncer.windowEnd() - nanos;
        }
        try {
            events.schedule(this::settle, Math.max(0, delay), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the driver is stopping
        }
    }

    /** The end of a debounce window: a level that changed inside it is reported now. */
    private void settle() {
        long millis = clock.millis();
        long nanos = clock.nanos();
        boolean level = raw();
        Debouncer.Verdict v;
        boolean again;
        synchronized (this) {
            v = debouncer.settle(level, nanos);
            // still settling: a correction opened a new window, or the task woke before the window's end
            again = debouncer.settling();
        }
        if (again) {
            scheduleSettle(nanos);
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
