package org.mviot.edge.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.mviot.edge.testsupport.FreePorts;

/**
 * The built distribution's {@code bin/mviot-edge}, run as a separate process with its own
 * configuration, data and deploy directories. Output lines are collected as they arrive so that a
 * test can await one, with a timeout, instead of sleeping.
 *
 * <p>Every process gets a free 127.0.0.1 port for the local MQTT broker that profiles with
 * {@code local.broker=true} (sim) start ({@code MVIOT_LOCAL_BROKER_PORT}), never 1883, which
 * something else on the machine may hold; a test can name its own port in the environment.
 */
public final class GatewayProcess implements AutoCloseable {

    /** How long any awaited event may take before the test fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Environment variable with the local MQTT broker's port, read by the launcher. */
    public static final String LOCAL_BROKER_PORT = "MVIOT_LOCAL_BROKER_PORT";
    /** Environment variable with the web console's HTTPS port, read by the launcher (a free one unless a test names it). */
    public static final String CONSOLE_PORT = "MVIOT_CONSOLE_PORT";

    private final Process process;
    private final int localBrokerPort;
    private final int consolePort;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private int pumpsFinished;

    private GatewayProcess(Process process, int localBrokerPort, int consolePort) {
        this.process = process;
        this.localBrokerPort = localBrokerPort;
        this.consolePort = consolePort;
        pump(process.getInputStream(), stdout, "stdout");
        pump(process.getErrorStream(), stderr, "stderr");
    }

    /** @return the unpacked distribution's home directory */
    public static Path distroHome() {
        return Path.of(System.getProperty("mviot.distro.home"));
    }

    /**
     * Starts {@code bin/mviot-edge} of a home directory with the given arguments.
     *
     * @param home distribution home
     * @param work directory holding this gateway's conf/, data/ and deploy/
     * @param env  extra environment
     * @param args command and options
     * @return the running process
     * @throws IOException if it cannot start
     */
    public static GatewayProcess start(Path home, Path work, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/mviot-edge").toString());
        cmd.addAll(List.of(args));
        return start(cmd, work, env);
    }

    /**
     * Starts {@code bin/mviot-edge} on a pseudo-terminal of its own, as from a person's terminal:
     * {@code script} (util-linux) makes the terminal, copies everything the gateway writes to it
     * (standard output and error alike) to {@link #stdoutLines()}, returns the gateway's exit code as
     * its own ({@code -e}), and passes what {@link #typeOnConsole} writes to the terminal, whose line
     * discipline turns a typed Ctrl-C into SIGINT for the gateway, as a real terminal does. It starts
     * with SIGINT ignored, as a background job of a script (or {@code cmd | script -c …} run so) gets
     * it: the case in which a JVM cannot handle SIGINT unless its start script gives it back its default.
     *
     * @param home distribution home
     * @param work directory holding this gateway's conf/, data/ and deploy/
     * @param env  extra environment
     * @param args command and options
     * @return the running process ({@code script}'s)
     * @throws IOException if it cannot start
     */
    public static GatewayProcess startOnTerminal(Path home, Path work, Map<String, String> env, String... args) throws IOException {
        StringBuilder line = new StringBuilder(shellQuoted(home.resolve("bin/mviot-edge").toString()));
        for (String a : args) {
            line.append(' ').append(shellQuoted(a));
        }
        return start(List.of("sh", "-c", "trap '' INT; exec script -qefc \"$0\" /dev/null", line.toString()), work, env);
    }

    private static String shellQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Types on the console of a gateway started with {@link #startOnTerminal}.
     *
     * @param keys what to type ({@code "\u0003"} is Ctrl-C)
     * @throws IOException if the terminal is gone
     */
    public void typeOnConsole(String keys) throws IOException {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    private static GatewayProcess start(List<String> cmd, Path work, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("MVIOT_") || k.equals("JOURNAL_STREAM") || k.equals("INVOCATION_ID"));
        e.put("MVIOT_CONF", work.resolve("conf").toString());
        e.put("MVIOT_DATA", work.resolve("data").toString());
        e.put("MVIOT_DEPLOY", work.resolve("deploy").toString());
        // never read the build machine's real boot partition
        e.put("MVIOT_BOOT_CONF", work.resolve("no-boot-partition/mviot-edge.conf").toString());
        e.putAll(env);
        if (!env.containsKey(LOCAL_BROKER_PORT)) {
            e.put(LOCAL_BROKER_PORT, Integer.toString(FreePorts.tcp()));
        }
        if (!env.containsKey(CONSOLE_PORT)) {
            e.put(CONSOLE_PORT, Integer.toString(FreePorts.tcp()));
        }
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        return new GatewayProcess(pb.start(), Integer.parseInt(e.get(LOCAL_BROKER_PORT)), Integer.parseInt(e.get(CONSOLE_PORT)));
    }

    /** @return the port this process's web console listens on (when its profile runs it) */
    public int consolePort() {
        return consolePort;
    }

    /** @return the port this process's local MQTT broker listens on (when its profile runs one) */
    public int localBrokerPort() {
        return localBrokerPort;
    }

    /**
     * Runs a command to its end.
     *
     * @param home distribution home
     * @param work work directory
     * @param args command and options
     * @return the finished process, for its exit code and output
     * @throws Exception if it cannot run or does not end in time
     */
    public static GatewayProcess exec(Path home, Path work, String... args) throws Exception {
        GatewayProcess p = start(home, work, Map.of(), args);
        p.awaitExit();
        return p;
    }

    private void pump(InputStream in, List<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (this) {
                        sink.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                synchronized (this) {
                    pumpsFinished++;
                    notifyAll();
                }
            }
        }, "gateway-" + name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waits for a line of standard output matching a pattern.
     *
     * @param regex pattern the whole line must match
     * @return the line
     * @throws InterruptedException if interrupted
     */
    public String awaitStdout(String regex) throws InterruptedException {
        return await(stdout, Pattern.compile(regex));
    }

    /**
     * Waits for a log line (standard error) containing a match of a pattern.
     *
     * @param regex pattern found somewhere in the line
     * @return the line
     * @throws InterruptedException if interrupted
     */
    public String awaitLog(String regex) throws InterruptedException {
        return await(stderr, Pattern.compile(".*(" + regex + ").*"));
    }

    private synchronized String await(List<String> lines, Pattern p) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (p.matcher(lines.get(seen)).matches()) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (pumpsFinished == 2 && seen == lines.size())) {
                throw new AssertionError("no line matching " + p + " within " + TIMEOUT + "; output so far:\n" + output());
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
    }

    /**
     * Sends SIGTERM and waits for the process to end.
     *
     * @return its exit code
     * @throws InterruptedException if interrupted
     */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /**
     * @return the exit code, once the process has ended
     * @throws InterruptedException if interrupted
     */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the gateway did not end within " + TIMEOUT + "; output so far:\n" + output());
        }
        // the pumps finish once they have read everything the process wrote
        synchronized (this) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (pumpsFinished < 2) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("the gateway's output streams stayed open after it ended");
                }
                wait(left);
            }
        }
        return process.exitValue();
    }

    /** @return what the process wrote to standard output so far */
    public synchronized List<String> stdoutLines() {
        return List.copyOf(stdout);
    }

    /** @return what the process wrote to standard error so far */
    public synchronized List<String> stderrLines() {
        return List.copyOf(stderr);
    }

    /** @return both streams, for failure messages */
    public synchronized String output() {
        return "--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + String.join("\n", stderr);
    }

    /** @return the process id */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /**
     * Copies a distribution home so a test can add features or bundles to it.
     *
     * @param home the distribution
     * @param copy target directory
     * @return the copy
     * @throws IOException if copying fails
     */
    public static Path copyHome(Path home, Path copy) throws IOException {
        try (var files = Files.walk(home)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path t = copy.resolve(home.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    /** @return an empty environment map, for readability at call sites */
    public static Map<String, String> noEnv() {
        return new HashMap<>();
    }
}
