package org.mviot.edge.timesync.internal.discipline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.timesync.internal.clock.SlewedClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps the system clock when {@code clock.discipline=step} (issue 12): runs the step command
 * ({@code date -u -s @SECONDS.NANOS} by default) and, once it succeeded, takes the step out of the
 * gateway's own correction, so the time it hands out does not move. A gateway without the privilege
 * (not root, no {@code CAP_SYS_TIME}) is told once, in the log and in the {@code clock} feature's
 * {@code discipline} property, and not asked again until the configuration changes.
 * <p>
 * Why a command and not a system call: the JVM has no way to set the clock, and a command keeps
 * the privilege where an operator can see and grant it (a sudo rule, a capability on the binary).
 */
public final class SystemClockDiscipline {

    private static final Logger LOG = LoggerFactory.getLogger(SystemClockDiscipline.class);
    private static final int MAX_OUTPUT = 1024;

    private final DisciplineMode mode;
    private final long thresholdNanos;
    private final List<String> command;
    private final Duration timeout;
    private final SlewedClock clock;
    private volatile boolean refused;
    private volatile String state;

    /**
     * @param mode           the setting
     * @param thresholdNanos smallest offset stepped
     * @param command        the step command; {@code {seconds}} is replaced by the target time, {@code SECONDS.NANOS} since the epoch
     * @param timeout        how long the command may run
     * @param clock          the gateway's corrected clock
     */
    public SystemClockDiscipline(DisciplineMode mode, long thresholdNanos, List<String> command, Duration timeout, SlewedClock clock) {
        if (mode == DisciplineMode.STEP && command.isEmpty()) {
            throw new IllegalArgumentException("clock.discipline=step needs a step command");
        }
        this.mode = mode;
        this.thresholdNanos = thresholdNanos;
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.clock = clock;
        this.state = mode == DisciplineMode.OFF ? "off" : "step: no step yet";
    }

    /**
     * After a good synchronization: steps the system clock if the decision says so.
     *
     * @param via         how the clock synchronized
     * @param offsetNanos the offset found (true time minus system clock)
     * @throws InterruptedException when the poller is stopped
     */
    public void afterSync(String via, long offsetNanos) throws InterruptedException {
        if (!StepDecision.step(mode, refused, via, offsetNanos, thresholdNanos)) {
            return;
        }
        long target = System.currentTimeMillis() * 1_000_000L + offsetNanos;
        String seconds = Math.floorDiv(target, 1_000_000_000L) + "." + String.format("%09d", Math.floorMod(target, 1_000_000_000L));
        List<String> line = new ArrayList<>();
        for (String part : command) {
            line.add(part.replace("{seconds}", seconds));
        }
        Outcome o = run(line);
        if (o.ok()) {
            clock.rebase(offsetNanos);
            state = "step: stepped the system clock by " + offsetNanos / 1_000_000L + " ms (" + via + ")";
            LOG.info("system clock stepped by {} ms to the {} time", offsetNanos / 1_000_000L, via);
        } else {
            refused = true;
            state = "refused: " + o.output();
            LOG.warn("clock.discipline=step: the system clock cannot be stepped ({}): {}; the gateway keeps correcting only the time it "
                    + "hands out (grant the privilege, e.g. CAP_SYS_TIME, and restart the feature)", String.join(" ", command), o.output());
        }
    }

    /** @return what the discipline did last, in words: {@code off}, the last step, or why it is refused */
    public String state() {
        return state;
    }

    /** @return whether a step was refused */
    public boolean refused() {
        return refused;
    }

    private record Outcome(boolean ok, String output) {
    }

    private Outcome run(List<String> line) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(line).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Outcome(false, "cannot run " + line.get(0) + ": " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Outcome(false, "no exit within " + timeout.toMillis() + " ms");
            }
            String out = new String(p.getInputStream().readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
            // one line, no control characters: it goes to the log and the twin
            out = out.strip().replaceAll("\\p{Cntrl}+", " ");
            return new Outcome(p.exitValue() == 0, p.exitValue() == 0 ? out : "exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
        } catch (IOException e) {
            return new Outcome(false, e.getMessage());
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
