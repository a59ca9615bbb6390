package org.mviot.edge.it.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * The gateway's log as an operator reads it: a mistyped log level is refused before anything
 * starts; a normal start tells each event once, with short logger names, without the transitional
 * "driver not installed" and "connecting" lines of devices whose driver arrives a moment later; a
 * driver installed while the gateway runs starts once; a clean stop prints no stack trace; Ctrl-C at
 * the console (on a pseudo-terminal) stops the gateway as SIGTERM does.
 */
public class GatewayLogProcessTest {

    private static final String READY = "mviot-edge ready in \\d+ ms";
    /**
     * Longest INFO or WARN line of a normal start, as journald stores it (without the timestamp the
     * terminal shows, 24 characters more), with the directories of an installed gateway: one event,
     * short, not the ~250-character lines the log once had. (README, "Logs".)
     */
    static final int MAX_LINE = 160;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void anUnknownLogLevelIsRefusedWithExit2AndTheValidLevels() throws Exception {
        GatewayProcess p = GatewayProcess.start(distroHome(), tmp.newFolder().toPath(), Map.of("MVIOT_LOG_LEVEL", "verbose"), "run");
        assertThat(p.awaitExit()).isEqualTo(2);
        assertThat(p.stderrLines()).containsExactly("mviot-edge: MVIOT_LOG_LEVEL is 'verbose': expected one of trace, debug, info, warn, error, off");
    }

    @Test
    public void aStartTellsEachDeviceComingOnlineOnceWithShortLoggerNamesAndAStopEndsWithoutAStackTrace() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        try (GatewayProcess gw = GatewayProcess.start(distroHome(), work, Map.of(), "run")) {
            gw.awaitStdout(READY);
            gw.awaitLog("DeviceHandler - device sim-boiler is online: reading");
            gw.awaitLog("DeviceHandler - device sim-pump is online: reading");

            // a driver installed into the running gateway starts once: no started, removed, started again
            GatewayProcess install = GatewayProcess.exec(distroHome(), work, "install", "driver-modbus");
            assertThat(install.awaitExit()).isZero();
            gw.awaitLog("DeviceRegistry - driver modbus installed");
            gw.awaitLog("modbus RTU available");
            List<String> installed = gw.stderrLines();
            assertThat(installed.stream().filter(l -> l.contains("driver modbus installed"))).hasSize(1);
            assertThat(installed.stream().filter(l -> l.contains(" ModbusDriver - "))).as("the driver's own start: one line")
                    .containsExactly(gw.awaitLog("modbus RTU available"));
            assertThat(installed).noneMatch(l -> l.contains("driver modbus removed") || l.contains("modbus driver stopped"));

            assertThat(gw.terminate()).isZero();
            List<String> log = gw.stderrLines();
            assertThat(log).as("devices added before their driver: no line says the installed driver is missing")
                    .noneMatch(l -> l.contains("not installed")).noneMatch(l -> l.contains("is offline: connecting"))
                    .noneMatch(l -> l.contains("waiting for the first answer"));
            assertThat(log).as("short logger names").noneMatch(l -> l.matches("\\S+ \\S+ [A-Z]+ org\\.mviot\\.edge\\.\\S* - .*"))
                    .anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO launcher - starting gateway .*"));
            assertThat(log).as("a clean stop").noneMatch(l -> l.startsWith("\tat ") || l.contains("RejectedExecutionException"));
            assertThat(log.stream().filter(l -> l.contains("is online: reading"))).hasSize(2);
            assertThat(log.stream().map(l -> asInstalled(l, work)).filter(l -> l.matches("(INFO|WARN) .*")))
                    .as("INFO and WARN lines of a start, a driver install and a stop, at most %d characters", MAX_LINE)
                    .isNotEmpty().allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(MAX_LINE));
        }
    }

    /** A log line as journald stores it for the installed package: no timestamp, the package's directories. */
    private static String asInstalled(String line, Path work) {
        return line.replaceFirst("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ", "")
                .replace(work.resolve("conf").toString(), "/etc/mviot-edge")
                .replace(work.resolve("deploy").toString(), "/var/lib/mviot-edge/deploy")
                .replace(work.resolve("data").toString(), "/var/lib/mviot-edge");
    }

    @Test
    public void aCtrlCAtTheConsoleStopsTheGatewayWithExitCode0ItsQueueClosedAndNoStackTraceEvenWhenStartedWithSigintIgnored() throws Exception {
        Path work = tmp.newFolder("console").toPath();
        try (GatewayProcess gw = GatewayProcess.startOnTerminal(distroHome(), work, Map.of(), "run")) {
            gw.awaitStdout(".*" + READY + ".*");
            // half a command typed, then Ctrl-C: the terminal discards the line and sends SIGINT; the gateway stops
            gw.typeOnConsole("lb");
            gw.typeOnConsole("\u0003");
            assertThat(gw.awaitExit()).as("exit code of a clean stop\n%s", gw.output()).isZero();
            List<String> screen = gw.stdoutLines();
            assertThat(screen).anyMatch(l -> l.contains(" INFO launcher - stopping"))
                    .anyMatch(l -> l.matches(".* INFO CloudLink - cloud link stopped: \\d+ updates not yet delivered stay in .*"))
                    .anyMatch(l -> l.contains(" INFO CoreComponent - core stopped"));
            assertThat(screen).as("a clean stop").noneMatch(l -> l.contains("\tat ") || l.contains("Exception"))
                    .noneMatch(l -> l.matches(".* (WARN|ERROR) .*"));
        }
    }
}
