package org.mviot.edge.it.cloud;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker (the Debian package) started by a test on a free 127.0.0.1 port with its own
 * configuration file and persistence directory, so that it can be stopped and started again on the
 * same port with its sessions kept. Only the process this class started is ever stopped.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * @param dir a directory for the configuration, persistence and log
     * @return a running broker
     * @throws IOException if it does not start
     */
    public static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of("allow_anonymous true"));
    }

    /**
     * A broker whose one listener has further settings: TLS ({@code cafile}, {@code certfile},
     * {@code keyfile}, {@code require_certificate}, {@code use_identity_as_username}), {@code acl_file},
     * {@code password_file}, {@code allow_anonymous}. It runs as the test's user ({@code user root}
     * when that is root) so that it can read the test's owner-only key files.
     *
     * @param dir      a directory for the configuration, persistence and log
     * @param settings mosquitto.conf lines for the listener
     * @return a running broker
     * @throws IOException if it does not start
     */
    public static MosquittoBroker start(Path dir, List<String> settings) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                // run as root (a CI container), mosquitto drops to user "mosquitto", which cannot write the test's
                // directory: it then saves no sessions, and after a restart the broker drops what it gets for a
                // subscriber that has not reconnected yet (PUBACK 0x10 "no matching subscribers"), nor read the
                // test's 0600 key files. Stay this user.
                "user " + System.getProperty("user.name"),
                "listener " + port + " 127.0.0.1",
                String.join("\n", settings),
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_interval 0",
                "max_queued_messages 0",
                "max_inflight_messages 0",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type error",
                "log_type warning",
                "log_type notice",
                ""));
        MosquittoBroker b = new MosquittoBroker(dir, port);
        b.startProcess();
        return b;
    }

    /** @return {@code ssl://127.0.0.1:<port>}, for a broker with a TLS listener */
    public String sslUri() {
        return "ssl://127.0.0.1:" + port;
    }

    /** @return the listener's port */
    public int port() {
        return port;
    }

    /** @return what the broker wrote to its log so far */
    public String log() throws IOException {
        return readLog();
    }

    /** @return {@code tcp://127.0.0.1:<port>} */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker (SIGTERM: it saves its sessions) and waits for it to end. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the broker again on the same port with the sessions it saved. */
    void restart() throws IOException, InterruptedException {
        stop();
        String log = readLog();
        if (log.contains("Error saving")) {
            throw new IOException("mosquitto could not save its sessions at stop, so a restart would lose them:" + log);
        }
        startProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("mosquitto.out").toFile());
        process = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto ended at start with code " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.out")) + readLog());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                // the port is not open yet: wait for the process a little, then try again
                process.waitFor(Math.min(200, 10L * (attempt + 1)), TimeUnit.MILLISECONDS);
            }
        }
        throw new IOException("mosquitto did not open 127.0.0.1:" + port + " within " + START_TIMEOUT + readLog());
    }

    private String readLog() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? "\n" + Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
