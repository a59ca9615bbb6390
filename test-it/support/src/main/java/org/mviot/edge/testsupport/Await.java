package org.mviot.edge.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The only way tests wait: poll a condition until it holds, and fail with what was awaited (and,
 * optionally, what was seen) once a deadline passes. The deadline is generous on purpose: it
 * bounds a wait, it measures nothing.
 */
public final class Await {

    /** The longest any awaited state may take unless a test names its own bound. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /**
     * @param what      the condition, for the failure message
     * @param condition the condition
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, TIMEOUT, () -> "");
    }

    /**
     * @param what      the condition, for the failure message
     * @param condition the condition
     * @param context   what was seen, added to the failure message
     */
    public static void until(String what, BooleanSupplier condition, Supplier<String> context) {
        until(what, condition, TIMEOUT, context);
    }

    /**
     * @param what      the condition, for the failure message
     * @param condition the condition
     * @param timeout   the longest wait
     * @param context   what was seen, added to the failure message
     */
    public static void until(String what, BooleanSupplier condition, Duration timeout, Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String seen = context.get();
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (seen == null || seen.isEmpty() ? "" : "\n" + seen));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Waits for a value to become present.
     *
     * @param <T>   the value's type
     * @param what  the value, for the failure message
     * @param value gives the value once it exists
     * @return the value
     */
    public static <T> T value(String what, Supplier<Optional<T>> value) {
        Object[] holder = new Object[1];
        until(what, () -> {
            Optional<T> v = value.get();
            v.ifPresent(x -> holder[0] = x);
            return v.isPresent();
        });
        @SuppressWarnings("unchecked")
        T t = (T) holder[0];
        return t;
    }
}
