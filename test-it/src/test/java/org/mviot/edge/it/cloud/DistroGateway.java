package org.mviot.edge.it.cloud;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mviot.edge.it.support.GatewayProcess;

/**
 * The built distribution's gateway ({@code bin/mviot-edge run}, sim profile) as a process with its
 * own work directory (conf/, data/, deploy/), provisioned against a test broker. Every process it
 * starts is remembered and ended by its own PID in {@link #close()}.
 */
final class DistroGateway implements AutoCloseable {

    static final String READY = "mviot-edge ready in \\d+ ms";
    private static final Pattern PUBLISHED = Pattern.compile("published=(\\d+)");

    private final Path home = GatewayProcess.distroHome();
    private final Path work;
    private final List<GatewayProcess> started = new ArrayList<>();
    private GatewayProcess current;
    private String provisionOutput = "";

    private DistroGateway(Path work) {
        this.work = work;
    }

    /**
     * Writes {@code conf/gateway.properties} with {@code mviot-edge provision}.
     *
     * @param work   work directory
     * @param id     gateway id (MQTT client id)
     * @param broker broker URI
     * @param more   further provision options ({@code --ca F}, {@code --cert F}, …)
     * @return the gateway, not yet running
     * @throws Exception if provisioning fails
     */
    static DistroGateway provision(Path work, String id, String broker, String... more) throws Exception {
        DistroGateway g = new DistroGateway(work);
        List<String> args = new ArrayList<>(List.of("provision", "--id", id, "--broker", broker, "--profile", "sim"));
        args.addAll(List.of(more));
        g.provisionOutput = g.cli(args.toArray(String[]::new));
        return g;
    }

    /** @return what {@code mviot-edge provision} printed */
    String provisionOutput() {
        return provisionOutput;
    }

    /** @return the gateway's work directory (conf/, data/, deploy/) */
    Path work() {
        return work;
    }

    /**
     * A gateway nobody has provisioned: no {@code conf/gateway.properties}, so the sim profile with
     * its local MQTT broker, to which the cloud link then connects.
     *
     * @param work work directory
     * @return the gateway, not yet running
     */
    static DistroGateway unprovisioned(Path work) {
        return new DistroGateway(work);
    }

    /**
     * @return the local broker's client login, as {@code mviot-edge broker-credentials --mosquitto}
     *         prints it (the broker generated it at its first start)
     * @throws Exception if the command fails
     */
    MqttRecorder.Login localBrokerLogin() throws Exception {
        String user = null;
        String password = null;
        for (String line : cli("broker-credentials", "--mosquitto").split("\n")) {
            if (line.startsWith("-u ")) {
                user = line.substring(3);
            } else if (line.startsWith("-P ")) {
                password = line.substring(3);
            }
        }
        if (user == null || password == null) {
            throw new AssertionError("no -u and -P lines from 'mviot-edge broker-credentials --mosquitto'");
        }
        return new MqttRecorder.Login(user, password);
    }

    /**
     * Grants the local broker's clients more than reading twins, in
     * {@code deploy/org.mviot.edge.broker.local.cfg}, before the gateway runs.
     *
     * @param read  {@code lan.read}
     * @param write {@code lan.write}
     * @throws java.io.IOException if the file cannot be written
     */
    void grantLocalClients(String read, String write) throws java.io.IOException {
        java.nio.file.Files.createDirectories(work.resolve("deploy"));
        java.nio.file.Files.writeString(work.resolve("deploy/org.mviot.edge.broker.local.cfg"), "lan.read=" + read + "\nlan.write=" + write + "\n");
    }

    /** @return the gateway's queue directory (the default {@code <data>/cloud-mqtt/queue}) */
    Path queueDir() {
        return work.resolve("data/cloud-mqtt/queue");
    }

    /**
     * Starts {@code mviot-edge run} and waits for its ready line.
     *
     * @return the process
     * @throws Exception if it does not start
     */
    GatewayProcess run() throws Exception {
        return run(Map.of());
    }

    /**
     * Starts {@code mviot-edge run} with environment variables ({@code MVIOT_LOG_LEVEL}, …) and waits for its ready line.
     *
     * @param env the variables
     * @return the process
     * @throws Exception if it does not start
     */
    GatewayProcess run(Map<String, String> env) throws Exception {
        GatewayProcess p = GatewayProcess.start(home, work, env, "run");
        started.add(p);
        current = p;
        p.awaitStdout(READY);
        return p;
    }

    /** @return the running process */
    GatewayProcess process() {
        return current;
    }

    /**
     * Kills the running gateway with SIGKILL (no shutdown hook, no clean close of the queue) and
     * waits until it is gone.
     *
     * @return its exit code
     * @throws Exception if it does not end
     */
    int kill9() throws Exception {
        long pid = current.pid();
        Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(20, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -KILL " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
        return current.awaitExit();
    }

    /**
     * Runs a {@code mviot-edge} command against this gateway's directories.
     *
     * @param args the command
     * @return its standard output
     * @throws Exception if it cannot run or exits non-zero
     */
    String cli(String... args) throws Exception {
        GatewayProcess p = GatewayProcess.exec(home, work, args);
        int code = p.awaitExit();
        if (code != 0) {
            throw new AssertionError("'mviot-edge " + String.join(" ", args) + "' exited with " + code + "\n" + p.output());
        }
        return String.join("\n", p.stdoutLines());
    }

    /**
     * @return the core's count of twin updates the cloud link took ({@code published=} of
     *         {@code mviot:twins}); each was appended to the queue file before it was counted
     * @throws Exception if the shell fails
     */
    long publishedCount() throws Exception {
        String out = cli("shell", "mviot:twins");
        Matcher m = PUBLISHED.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no published= in mviot:twins:\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Polls a condition until it holds, with a deadline.
     *
     * @param what      what is awaited, for the failure message
     * @param condition the condition
     * @param detail    more to say on failure
     */
    static void await(String what, BooleanSupplier condition, Supplier<String> detail) {
        Object pause = new Object();
        long deadline = System.nanoTime() + GatewayProcess.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + GatewayProcess.TIMEOUT + " no " + what + "; " + detail.get());
            }
            synchronized (pause) {
                try {
                    pause.wait(100); // polling interval, not a synchronization
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted awaiting " + what);
                }
            }
        }
    }

    /**
     * Ends every process this started, each through its own {@link Process} (so an ended and reaped
     * PID is never signalled): SIGTERM, then SIGKILL if it does not end in time.
     */
    @Override
    public void close() {
        for (GatewayProcess p : started) {
            try {
                p.terminate();
            } catch (AssertionError | InterruptedException e) {
                // did not end in time: close() below kills it
            } finally {
                p.close();
            }
        }
    }
}
