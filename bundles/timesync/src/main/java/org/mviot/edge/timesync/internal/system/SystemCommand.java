package org.mviot.edge.timesync.internal.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a status command of the system (chronyc, timedatectl) with a deadline and keeps at most
 * {@value #MAX_OUTPUT} bytes of what it prints. A command that is not installed is not an error:
 * the gateway simply has no such daemon.
 */
public final class SystemCommand {

    /** Bytes of output kept; status commands print a few hundred. */
    static final int MAX_OUTPUT = 16 * 1024;

    private final List<String> command;
    private final Duration timeout;

    /**
     * @param command the command line
     * @param timeout how long it may run
     */
    public SystemCommand(List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    /**
     * @return the command's output when it ran and exited with 0 in time, else empty
     * @throws InterruptedException when the caller gave up
     */
    public Optional<String> run() throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            return Optional.empty(); // not installed
        }
        try {
            p.getOutputStream().close();
            // status commands print well under a pipe's buffer, so waiting before reading cannot block them
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            byte[] out = p.getInputStream().readNBytes(MAX_OUTPUT);
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            try {
                p.getInputStream().close();
            } catch (IOException e) {
                // nothing left to read
            }
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
