package org.mviot.edge.core.internal.acquisition;

import org.mviot.edge.core.internal.log.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a scheduled task alive whatever one run of it throws. An exception or error that escapes a
 * task given to {@code scheduleWithFixedDelay} or {@code scheduleAtFixedRate} cancels every later
 * run without a word (the executor keeps it in the task's future, which nobody reads): one bad
 * descriptor or one failing stage would silently stop descriptor loading or a device's polling for
 * good. So a run's failure is logged, naming the task, and the schedule stays.
 *
 * <p>Policy for errors: {@link StackOverflowError} (deep input) and every other {@link Throwable}
 * are logged and the task runs again at its next time. That includes the other
 * {@link VirtualMachineError}s: rethrowing them here would only cancel the task, not stop the JVM.
 * Running out of memory is answered by the JVM itself: every shipped profile runs with
 * {@code -XX:+ExitOnOutOfMemoryError}, so the process exits at the allocation that failed and
 * systemd restarts it; the log line says so when the flag is missing. Within one run, work on
 * several items (files, readings) uses {@link #item} so one item's failure does not skip the
 * others.
 */
public final class PeriodicTask implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Runnable body;

    private PeriodicTask(String name, Runnable body) {
        this.name = name;
        this.body = body;
    }

    /**
     * @param name what the task does, for the log (e.g. {@code descriptor scan})
     * @param body one run
     * @return a runnable that never throws
     */
    public static Runnable guard(String name, Runnable body) {
        return new PeriodicTask(name, body);
    }

    @Override
    public void run() {
        try {
            body.run();
        } catch (Throwable t) { // NOPMD: nothing may cancel the schedule, see the class comment
            if (t instanceof StackOverflowError) { // its thousand-frame stack would flood the log and say nothing more
                LOG.error("core {} failed ({}); it runs again at its next time", name, describe(t));
            } else {
                LOG.error("core {} failed ({}); it runs again at its next time", name, hint(t), t);
            }
        }
    }

    /**
     * Handles one item of a task so that its failure skips only that item. Errors are caught like
     * exceptions (a {@link StackOverflowError} from deeply nested input is the expected one),
     * except {@link VirtualMachineError}s other than stack overflow: the JVM is short of memory or
     * broken, so they are rethrown to end this run early; the task's {@link #guard} logs them and
     * keeps the schedule.
     *
     * @param item    one unit of work
     * @param onError told what the item threw (report it, naming the item); its own failure is only logged
     */
    public static void item(Runnable item, java.util.function.Consumer<Throwable> onError) {
        try {
            item.run();
        } catch (Throwable t) { // NOPMD: one item must not stop the others
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            try {
                onError.accept(t);
            } catch (Throwable reportFailed) { // NOPMD
                LOG.error("reporting a failed item failed too ({}): {}", t, reportFailed.toString());
            }
        }
    }

    /**
     * @param t what an item threw
     * @return a short description for a problem report: the type and message, never a stack
     */
    public static String describe(Throwable t) {
        if (t instanceof StackOverflowError) {
            return "StackOverflowError (too deep for the thread's stack)";
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + LogSafe.text(t.getMessage());
    }

    private static String hint(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory: the JVM should run with -XX:+ExitOnOutOfMemoryError so that it exits and is restarted";
        }
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError) ? "the JVM may be unstable; restart the gateway" : t.getClass().getSimpleName();
    }
}
