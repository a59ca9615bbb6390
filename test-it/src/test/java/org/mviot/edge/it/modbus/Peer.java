package org.mviot.edge.it.modbus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A test peer run as a separate process (Debian's {@code /usr/bin/python3} with pymodbus and pyserial,
 * or any other program), started by a test and ended by its PID. Its standard output and error are
 * collected line by line so that a test can await what the peer saw.
 */
final class Peer implements AutoCloseable {

    /** Debian's interpreter: the one python3-pymodbus and python3-serial install into (not a pyenv shim). */
    static final String PYTHON = "/usr/bin/python3";

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private Peer(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread t = new Thread(this::pump, "peer-" + name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts a Python script from the test resources ({@code modbus/<script>}).
     *
     * @param script file name in {@code src/test/resources/modbus}
     * @param args   its arguments
     * @return the running peer
     * @throws IOException if it cannot start
     */
    static Peer python(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-u", resource(script).toString()));
        cmd.addAll(List.of(args));
        return start(script + " " + String.join(" ", args), cmd);
    }

    /**
     * Starts a program.
     *
     * @param name what the peer is, for messages
     * @param cmd  the command line
     * @return the running peer
     * @throws IOException if it cannot start
     */
    static Peer start(String name, List<String> cmd) throws IOException {
        return new Peer(name, new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start());
    }

    /**
     * @param script file name in {@code src/test/resources/modbus}
     * @return its path in the test classes
     */
    static Path resource(String script) {
        java.net.URL url = Peer.class.getResource("/modbus/" + script);
        if (url == null) {
            throw new IllegalStateException("no test resource modbus/" + script);
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
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /**
     * @return a port nobody listens on now
     * @throws IOException never in practice
     */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /**
     * Waits until the peer accepts connections on a 127.0.0.1 port.
     *
     * @param port the port
     * @return this
     */
    Peer awaitListening(int port) {
        Await.until("peer " + name + " listening on 127.0.0.1:" + port, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("peer " + name + " exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /**
     * Waits for a line of the peer's output that matches a pattern.
     *
     * @param regex the whole line must match
     * @return the line
     */
    String awaitLine(String regex) {
        Pattern p = Pattern.compile(regex);
        String[] found = new String[1];
        Await.until("a line matching '" + regex + "' from peer " + name, () -> {
            Optional<String> l = line(p);
            if (l.isEmpty() && !process.isAlive()) {
                throw new AssertionError("peer " + name + " exited with " + process.exitValue() + " before printing '" + regex + "':\n"
                        + output());
            }
            l.ifPresent(s -> found[0] = s);
            return l.isPresent();
        }, () -> "peer output so far:\n" + output());
        return found[0];
    }

    private synchronized Optional<String> line(Pattern p) {
        return lines.stream().filter(l -> p.matcher(l).matches()).findFirst();
    }

    /** @return what the peer printed so far */
    synchronized String output() {
        return String.join("\n", lines);
    }

    /** @return the process id */
    long pid() {
        return process.pid();
    }

    /** @return whether the process runs */
    boolean alive() {
        return process.isAlive();
    }

    /** Ends the process by its PID (SIGTERM, then SIGKILL) and waits for it. */
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
