package org.mviot.edge.transport.serial.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Two linked pseudo-terminals made by socat, started by a test and ended by its PID. */
public final class SocatPair implements AutoCloseable {

    private final Path a;
    private final Path b;
    private Process process;

    /**
     * @param dir where the links {@code a} and {@code b} go
     */
    public SocatPair(Path dir) {
        this.a = dir.resolve("a");
        this.b = dir.resolve("b");
    }

    /**
     * Starts socat and waits for both links.
     *
     * @return this
     * @throws IOException when socat cannot start
     */
    public SocatPair start() throws IOException {
        process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await(Duration.ofSeconds(10), () -> Files.exists(a) && Files.exists(b), "socat's pty links " + a + " and " + b);
        return this;
    }

    /**
     * @return the side the gateway opens
     */
    public Path a() {
        return a;
    }

    /**
     * @return the side the peer uses
     */
    public Path b() {
        return b;
    }

    /** Kills socat by its PID; both pseudo-terminals and their links go away. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Polls a condition until it holds, failing after a timeout.
     *
     * @param timeout   the longest wait
     * @param condition the condition
     * @param what      what is awaited
     */
    public static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
