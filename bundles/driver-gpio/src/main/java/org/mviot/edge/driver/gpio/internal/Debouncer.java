package org.mviot.edge.driver.gpio.internal;

/**
 * Software debounce of one input, in our code so tests drive it with their own clock: the first
 * edge after a quiet period is taken at once (its time is the time it was seen), further edges
 * within {@code window} are bounce and ignored. When the window ends, {@link #settle} compares the
 * line with the last level reported: a level that changed during the window (a press shorter than
 * the window, or bounce that ended on the other level) is reported then, so the reported level is
 * never left wrong. Not thread-safe: one input's events come from one thread.
 */
final class Debouncer {

    /** What to do with a raw edge. */
    enum Verdict {
        /** a real change: report it */
        REPORT,
        /** bounce inside the window, or the level already reported: drop it */
        IGNORE
    }

    private final long windowNanos;
    private boolean reported;
    private boolean hasReported;
    private long lockedUntil = Long.MIN_VALUE;
    private boolean locked;
    /** Whether an edge came inside the current window: only then can the line differ from the reported level at its end. */
    private boolean bounced;
    /** The line's level after the last raw edge: what it was at the end of a window no edge came after. */
    private boolean lastLevel;

    /**
     * @param windowNanos the debounce window; 0 reports every change
     */
    Debouncer(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /**
     * @param initial the level read when the input was opened
     */
    void start(boolean initial) {
        reported = initial;
        lastLevel = initial;
        hasReported = true;
    }

    /**
     * @param level the line's level after a raw edge
     * @param now   the time the edge was seen, in the clock's nanoseconds
     * @return whether to report it
     */
    Verdict edge(boolean level, long now) {
        lastLevel = level;
        if (locked && now - lockedUntil < 0) {
            bounced = true;
            return Verdict.IGNORE;
        }
        locked = false;
        if (hasReported && level == reported) {
            return Verdict.IGNORE;
        }
        reported = level;
        hasReported = true;
        open(now);
        return Verdict.REPORT;
    }

    private void open(long now) {
        if (windowNanos > 0) {
            locked = true;
            bounced = false;
            lockedUntil = now + windowNanos;
        }
    }

    /**
     * @return whether an edge was taken and its window has to be settled
     */
    boolean settling() {
        return locked;
    }

    /**
     * @return whether the current window has to be settled when it ends: an edge came inside it (bounce,
     *         or a press shorter than the window), so the line may differ from the reported level. A
     *         window without one ends with the line at the reported level and needs nothing, so a clean
     *         edge costs no timer.
     */
    boolean needsSettle() {
        return locked && bounced;
    }

    /**
     * @return when the current window ends, in the clock's nanoseconds
     */
    long windowEnd() {
        return lockedUntil;
    }

    /**
     * Called when the window has ended: ends it, and says whether the line now differs from the last
     * level reported.
     *
     * @param level the line's level now
     * @param now   the clock's nanoseconds now
     * @return {@link Verdict#REPORT} when the level changed during the window (then it is the reported level)
     */
    Verdict settle(boolean level, long now) {
        if (!locked || now - lockedUntil < 0) {
            return Verdict.IGNORE;
        }
        locked = false;
        if (level == reported) {
            return Verdict.IGNORE;
        }
        reported = level;
        // the correction is itself a change: a new window protects it from the bounce that follows
        open(now);
        return Verdict.REPORT;
    }

    /**
     * Settles a window with bounce in it whose settle did not come by its end (its timer ran late: a loaded
     * gateway), as of that end and with the level the line had then, the level after the last edge inside
     * it. Called before an edge that comes after the window is judged, so that a late timer never merges a
     * change with the next one (a meter pulse or a press counted once for two).
     *
     * @param now the clock's nanoseconds now, when an edge came
     * @return {@link Verdict#REPORT} when the window ended on another level than the one reported (then
     *         {@link #reported()} is that level, changed at the window's end, and a new window began there)
     */
    Verdict settleOverdue(long now) {
        if (!locked || !bounced || now - lockedUntil < 0) {
            return Verdict.IGNORE;
        }
        return settle(lastLevel, lockedUntil);
    }

    /**
     * @return the last level reported
     */
    boolean reported() {
        return reported;
    }
}
