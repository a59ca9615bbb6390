package org.mviot.edge.core.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that other threads make true, with a generous bound; fails when it never comes. */
public final class Await {

    private Await() {
    }

    /**
     * @param what      the condition, for the failure message
     * @param condition the condition
     */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition never became true: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
