package org.mviot.edge.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway running on a data directory, if any, as commands that change its settings need to
 * know ({@code provision}: "restart to apply"). Found without touching the {@link InstanceLock}
 * (probing it could make a gateway starting at that moment refuse to run): the lock file names the
 * holder's pid, and that process must be alive and be the launcher.
 *
 * @param pid     the gateway's process id
 * @param service whether systemd runs it as {@code mviot-edge.service}
 */
record RunningGateway(long pid, boolean service) {

    private static final Pattern PID = Pattern.compile("^pid (\\d{1,10})\\b");
    private static final String LAUNCHER = Main.class.getName();

    /**
     * @param dataDir the data directory
     * @return the gateway running on it
     */
    static Optional<RunningGateway> on(Path dataDir) {
        String holder;
        try {
            holder = Files.readString(dataDir.resolve(InstanceLock.FILE_NAME), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Matcher m = PID.matcher(holder.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        long pid = Long.parseLong(m.group(1));
        if (pid == ProcessHandle.current().pid()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(RunningGateway::isLauncher)
                .map(p -> new RunningGateway(pid, inService(pid)));
    }

    private static boolean isLauncher(ProcessHandle p) {
        // /proc/PID/cmdline: readable for every user's processes on a default Linux mount
        try {
            String cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
            return cmd.contains(LAUNCHER);
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().map(c -> c.contains(LAUNCHER)).orElse(false);
        }
    }

    private static boolean inService(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"), StandardCharsets.UTF_8).contains("/mviot-edge.service");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @return what to run so the gateway takes new settings */
    String restartHint() {
        return service ? "the gateway (pid " + pid + ", service mviot-edge) runs with the old settings: apply them with "
                + "'sudo systemctl restart mviot-edge'"
                : "the gateway (pid " + pid + ", 'mviot-edge run') runs with the old settings: apply them by stopping it "
                        + "(Ctrl-C, or kill " + pid + ") and starting 'mviot-edge run' again";
    }
}
