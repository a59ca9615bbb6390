package org.mviot.edge.driver.modbus.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A test peer run as a separate Python process (Debian's python3 with pymodbus), started on a free
 * 127.0.0.1 port or a pseudo-terminal and ended by its PID.
 */
public final class PeerProcess implements AutoCloseable {

    /** Debian's interpreter: it is the one python3-pymodbus installs into. */
    public static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final Path log;

    private PeerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param script a script in src/test/resources
     * @param args   its arguments
     * @return the running process
     * @throws IOException when it cannot start
     */
    public static PeerProcess start(String script, String... args) throws IOException {
        Path dir = Path.of("src/test/resources").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(PYTHON, dir.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Path log = Path.of("target", script + "-" + System.nanoTime() + ".log").toAbsolutePath();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PeerProcess(p, log);
    }

    /**
     * @return a port nobody listens on now
     * @throws IOException never in practice
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /**
     * Waits until the peer accepts connections on a port.
     *
     * @param port the port
     * @return this
     */
    public PeerProcess awaitListening(int port) {
        await(Duration.ofSeconds(20), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("peer exited with " + process.exitValue() + ", see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "peer listening on " + port);
        return this;
    }

    /**
     * Waits until a file exists (a pseudo-terminal link created by socat).
     *
     * @param file the file
     */
    public void awaitFile(File file) {
        await(Duration.ofSeconds(10), file::exists, file + " to appear");
    }

    /**
     * Polls a condition until it holds, failing after a timeout.
     *
     * @param timeout   the longest wait
     * @param condition the condition
     * @param what      what is awaited, for the failure message
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

    /**
     * @return the file the peer's standard output and error go to
     */
    public Path log() {
        return log;
    }

    /**
     * @return the process id
     */
    public long pid() {
        return process.pid();
    }

    /** Kills the process by its PID and waits for it to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
