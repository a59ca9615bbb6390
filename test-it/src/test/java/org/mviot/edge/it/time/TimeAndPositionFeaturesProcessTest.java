package org.mviot.edge.it.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * The built distribution as a process: the sim profile starts the timesync and position features;
 * the clock's configuration dropped into {@code deploy/} before the first run (Felix {@code .config},
 * typed values) is kept and taken up by FileInstall, the position's first configuration is written
 * by the launcher from the profile (a fixed demo position), and both states read through the shell.
 */
public class TimeAndPositionFeaturesProcessTest {

    private static final String READY = "mviot-edge ready in \\d+ ms";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void theSimProfileStartsAClockSynchronizedToChronydAndReportsItsFixedPosition() throws Exception {
        Path home = distroHome();
        Path work = tmp.newFolder("gw").toPath();
        try (Chronyd chronyd = new Chronyd(tmp.newFolder("chrony").toPath())) {
            // an installer's clock configuration, there before the first run: the launcher keeps it
            Path deploy = Files.createDirectories(work.resolve("deploy"));
            Files.writeString(deploy.resolve("org.mviot.edge.timesync.config"), "servers=[\"" + chronyd.hostPort()
                    + "\"]\npoll.interval.s=I\"1\"\nholdover.s=I\"60\"\nsystem.sources=B\"false\"\n");
            try (GatewayProcess gw = GatewayProcess.start(home, work, Map.of(), "run")) {
                gw.awaitStdout(READY);
                assertThat(Files.readString(deploy.resolve("org.mviot.edge.position.config"))).contains("position.fixed=\"52.5163,13.3777,34\"");
                gw.awaitLog("gateway clock: synchronized to " + chronyd.hostPort().replace(".", "\\."));

                GatewayProcess time = GatewayProcess.exec(home, work, "shell", "time:status");
                assertThat(time.awaitExit()).as(time.output()).isZero();
                assertThat(String.join("\n", time.stdoutLines())).contains("SYNCED", "via ntp " + chronyd.hostPort() + ", stratum 8");

                gw.awaitLog("gateway position: fixed 52\\.5163,13\\.3777");
                GatewayProcess position = GatewayProcess.exec(home, work, "shell", "position:status");
                assertThat(position.awaitExit()).as(position.output()).isZero();
                assertThat(String.join("\n", position.stdoutLines())).contains("position: 52.5163,13.3777,34.0 (FIXED");

                assertThat(gw.terminate()).as(gw.output()).isZero();
            }
        }
    }
}
