package org.mviot.edge.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Everything a test started (the gateway, recorders, peers, brokers, socat), ended in reverse order,
 * each by its own {@code close()} (which ends a process by its PID). One failing to close does not
 * keep the others running. What a started thing said (its output) is printed after it is closed, so
 * that it lands in surefire's {@code *-output.txt} for whoever reads a failure.
 */
public final class Started implements AutoCloseable {

    private final List<AutoCloseable> items = new ArrayList<>();
    private final Function<AutoCloseable, String> report;

    /**
     * @param report what to print for a closed item (its output), or {@code null} for nothing
     */
    public Started(Function<AutoCloseable, String> report) {
        this.report = report;
    }

    /** Ends things without printing anything about them. */
    public Started() {
        this(c -> null);
    }

    /**
     * @param <T> its type
     * @param c   something the test just started
     * @return {@code c}
     */
    public synchronized <T extends AutoCloseable> T add(T c) {
        items.add(c);
        return c;
    }

    /** Ends everything, the last started first. */
    @Override
    public synchronized void close() {
        for (int i = items.size() - 1; i >= 0; i--) {
            AutoCloseable c = items.get(i);
            try {
                c.close();
                String said = report.apply(c);
                if (said != null) {
                    System.out.println(said);
                }
            } catch (Exception e) {
                System.out.println("=== " + c + " did not close cleanly: " + e);
            }
        }
        items.clear();
    }
}
