package org.mviot.edge.it.modbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.Await;

/**
 * The built distribution's gateway running as a process, seen the way an operator sees it: device
 * files in {@code conf/devices}, {@code mviot-edge shell mviot:...} commands and the log.
 */
final class Gateway implements AutoCloseable {

    static final String READY = "mviot-edge ready in \\d+ ms";

    private static final Pattern DEVICE = Pattern.compile("(\\S+)\\s+(\\S+)\\s+(online|offline|degraded|misconfigured)\\s+(\\S+)\\s(.*)");
    private static final Pattern CHANNEL = Pattern.compile("(\\S+)\\s+.*?\\s(good|uncertain|bad|stale|-)\\s+(.*?)(?:\\s+@ (\\S+))?");

    private final Path home;
    private final Path work;
    private final GatewayProcess process;

    private Gateway(Path home, Path work, GatewayProcess process) {
        this.home = home;
        this.work = work;
        this.process = process;
    }

    /**
     * Starts {@code mviot-edge run} with a work directory holding conf/, data/ and deploy/, and waits for its ready line.
     *
     * @param home distribution home
     * @param work work directory
     * @param args options after {@code run}
     * @return the running gateway
     * @throws Exception if it does not start
     */
    static Gateway run(Path home, Path work, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run"));
        cmd.addAll(List.of(args));
        GatewayProcess p = GatewayProcess.start(home, work, Map.of(), cmd.toArray(String[]::new));
        Gateway g = new Gateway(home, work, p);
        try {
            p.awaitStdout(READY);
        } catch (AssertionError | InterruptedException e) {
            p.close();
            throw e;
        }
        return g;
    }

    /**
     * Writes a device descriptor the way an installer should: a hidden temporary file, then an atomic rename.
     *
     * @param work work directory
     * @param name file name
     * @param json the descriptor
     * @return the file
     * @throws IOException if it cannot be written
     */
    static Path device(Path work, String name, String json) throws IOException {
        Path devices = Files.createDirectories(work.resolve("conf/devices"));
        Path tmp = devices.resolve("." + name + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        return Files.move(tmp, devices.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Runs a {@code mviot-edge} command (shell, install, features…) against this gateway's directories.
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
     * @param command a Gogo command and its arguments
     * @return what the shell printed
     * @throws Exception if it cannot run
     */
    String shell(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("shell"));
        args.addAll(List.of(command));
        return cli(args.toArray(String[]::new));
    }

    /**
     * Runs a shell command until its output satisfies a condition.
     *
     * @param what      what is awaited, for the failure message
     * @param condition the condition on the output
     * @param command   the Gogo command
     * @return the output that satisfied it
     */
    String awaitShell(String what, Predicate<String> condition, String... command) {
        String[] last = {""};
        Await.until(what + " in 'mviot-edge shell " + String.join(" ", command) + "'", () -> {
            List<String> args = new ArrayList<>(List.of("shell"));
            args.addAll(List.of(command));
            try {
                // a command that fails now (a device not yet added: exit 1) may succeed later
                GatewayProcess p = GatewayProcess.exec(home, work, args.toArray(String[]::new));
                p.awaitExit();
                last[0] = String.join("\n", p.stdoutLines());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            if (!alive()) {
                throw new AssertionError("the gateway ended:\n" + process.output());
            }
            return condition.test(last[0]);
        }, () -> "last output:\n" + last[0] + "\n--- gateway log (tail)\n" + tail(60));
        return last[0];
    }

    /**
     * Waits for a device's status row in {@code mviot:devices}.
     *
     * @param device    device id
     * @param condition on the row
     * @param what      what is awaited
     * @return the row
     */
    DeviceRow awaitDevice(String device, Predicate<DeviceRow> condition, String what) {
        String out = awaitShell(device + " " + what, o -> deviceRow(o, device).filter(condition).isPresent(), "mviot:devices");
        return deviceRow(out, device).orElseThrow();
    }

    /**
     * Waits until every channel of a device has a good value and a condition holds on them.
     *
     * @param device    device id
     * @param condition on the rows
     * @param what      what is awaited
     * @return the rows by channel name
     */
    Map<String, ChannelRow> awaitChannels(String device, Predicate<Map<String, ChannelRow>> condition, String what) {
        String out = awaitShell(device + " " + what, o -> condition.test(channelRows(o)), "mviot:channels", device);
        return channelRows(out);
    }

    /** A row of {@code mviot:devices}. */
    record DeviceRow(String device, String driver, String state, String since, String reason) {
    }

    /** A row of {@code mviot:channels}: quality, value as printed and when it was read. */
    record ChannelRow(String channel, String quality, String value, Instant at) {
        boolean good() {
            return quality.equals("good");
        }

        long asLong() {
            return Long.parseLong(value);
        }

        double asDouble() {
            return Double.parseDouble(value);
        }
    }

    static Optional<DeviceRow> deviceRow(String devicesOutput, String device) {
        return devicesOutput.lines().map(DEVICE::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals(device))
                .map(m -> new DeviceRow(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5).strip())).findFirst();
    }

    static Map<String, ChannelRow> channelRows(String channelsOutput) {
        Map<String, ChannelRow> rows = new java.util.LinkedHashMap<>();
        channelsOutput.lines().skip(1).map(CHANNEL::matcher).filter(Matcher::matches).forEach(m -> rows.put(m.group(1),
                new ChannelRow(m.group(1), m.group(2), m.group(3), m.group(4) == null ? null : Instant.parse(m.group(4)))));
        return rows;
    }

    /** @return whether every named channel has a good value */
    static Predicate<Map<String, ChannelRow>> allGood(String... channels) {
        return rows -> List.of(channels).stream().allMatch(c -> rows.containsKey(c) && rows.get(c).good());
    }

    /**
     * @param regex found somewhere in a log line
     * @return the line
     * @throws InterruptedException if interrupted
     */
    String awaitLog(String regex) throws InterruptedException {
        return process.awaitLog(regex);
    }

    List<String> log() {
        return process.stderrLines();
    }

    List<String> stdout() {
        return process.stdoutLines();
    }

    String tail(int n) {
        List<String> l = process.stderrLines();
        return String.join("\n", l.subList(Math.max(0, l.size() - n), l.size()));
    }

    String output() {
        return process.output();
    }

    boolean alive() {
        return ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    long pid() {
        return process.pid();
    }

    Path home() {
        return home;
    }

    Path work() {
        return work;
    }

    /**
     * Sends SIGTERM and waits for the end.
     *
     * @return the exit code
     * @throws InterruptedException if interrupted
     */
    int terminate() throws InterruptedException {
        return process.terminate();
    }

    @Override
    public void close() {
        if (alive()) {
            try {
                process.terminate();
            } catch (InterruptedException | AssertionError e) {
                process.close();
            }
        }
        process.close();
    }
}
