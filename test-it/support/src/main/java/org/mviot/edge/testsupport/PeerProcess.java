package org.mviot.edge.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A peer nobody here wrote (Mosquitto, a pymodbus slave, socat, coap-server, chronyd, gpsd…),
 * started by a test and ended by its own PID, never by name. Its standard output and error are
 * collected line by line (bounded) so that a test can await what the peer printed.
 */
public final class PeerProcess implements AutoCloseable {

    /** Debian's interpreter: the one python3-pymodbus and python3-serial install into (not a pyenv shim). */
    public static final String PYTHON = "/usr/bin/python3";
    /** Lines kept of a peer's output; a chatty peer cannot fill the test's heap. */
    private static final int MAX_LINES = 100_000;

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        pump = new Thread(this::pump, "peer-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a program.
     *
     * @param name what the peer is, for messages
     * @param cmd  the command line
     * @return the running peer
     * @throws IOException if it cannot start
     */
    public static PeerProcess start(String name, List<String> cmd) throws IOException {
        return new PeerProcess(name, new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start());
    }

    /**
     * Starts a Python script with Debian's interpreter, unbuffered.
     *
     * @param script the script
     * @param args   its arguments
     * @return the running peer
     * @throws IOException if it cannot start
     */
    public static PeerProcess python(Path script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-u", script.toString()));
        cmd.addAll(List.of(args));
        return start(script.getFileName() + " " + String.join(" ", args), cmd);
    }

    /**
     * @param anchor   a class whose class loader sees the resource (the test's own)
     * @param resource absolute resource name, e.g. {@code /modbus/pymodbus_server.py}
     * @return its path on disk (test resources are files under target/test-classes)
     */
    public static Path resource(Class<?> anchor, String resource) {
        URL url = anchor.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no test resource " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (this) {
                    if (lines.size() < MAX_LINES) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /**
     * Waits until the peer accepts TCP connections on a 127.0.0.1 port.
     *
     * @param port the port
     * @return this
     */
    public PeerProcess awaitListening(int port) {
        Await.until("peer " + name + " listening on 127.0.0.1:" + port, () -> {
            failIfEnded("listening on " + port);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /**
     * Waits until a file exists (a pseudo-terminal link created by socat, a pid file).
     *
     * @param file the file
     * @return this
     */
    public PeerProcess awaitFile(Path file) {
        Await.until(file + " created by peer " + name, () -> {
            failIfEnded("creating " + file);
            return Files.exists(file);
        });
        return this;
    }

    /**
     * Waits for a line of the peer's output that matches a pattern.
     *
     * @param regex the whole line must match
     * @return the line
     */
    public String awaitLine(String regex) {
        Pattern p = Pattern.compile(regex);
        return Await.value("a line matching '" + regex + "' from peer " + name, () -> {
            Optional<String> l = line(p);
            if (l.isEmpty() && !process.isAlive()) {
                // a peer that prints and exits (mbpoll -1): its last lines may still be on their way to us
                drain();
                l = line(p);
                if (l.isEmpty()) {
                    failIfEnded("printing '" + regex + "'");
                }
            }
            return l;
        });
    }

    private void failIfEnded(String what) {
        if (!process.isAlive()) {
            throw new AssertionError("peer " + name + " exited with " + process.exitValue() + " before " + what + ":\n" + output());
        }
    }

    /** Waits (bounded) until everything an ended peer printed has been collected. */
    private void drain() {
        try {
            pump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Optional<String> line(Pattern p) {
        return lines.stream().filter(l -> p.matcher(l).matches()).findFirst();
    }

    /** @return what the peer printed so far */
    public synchronized String output() {
        return String.join("\n", lines);
    }

    /** @return the process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the process runs */
    public boolean alive() {
        return process.isAlive();
    }

    /** Ends the process by its PID (SIGTERM, then SIGKILL after 5 s) and waits for it. */
    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
