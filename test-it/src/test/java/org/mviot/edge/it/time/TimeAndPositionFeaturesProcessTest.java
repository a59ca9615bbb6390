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
 * The built distribution as a process: the timesync and position features installed by name into a
 * running gateway, the clock's default configuration file (Felix {@code .config}, typed values) taken
 * up by FileInstall, the position configured by a {@code .cfg} dropped into {@code deploy/}, and both
 * states read through the shell.
 */
public class TimeAndPositionFeaturesProcessTest {

    private static final String READY = "mviot-edge ready in \\d+ ms";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void installedFeaturesSynchronizeTheClockToChronydAndReportTheProvisionedPosition() throws Exception {
        Path home = GatewayProcess.copyHome(distroHome(), tmp.newFolder("home").toPath());
        Path work = tmp.newFolder("gw").toPath();
        try (Chronyd chronyd = new Chronyd(tmp.newFolder("chrony").toPath())) {
            // the feature's default configuration names the public pool: this gateway's names the test's chronyd
            Path clockConfig = home.resolve("features/timesync/org.mviot.edge.timesync.config");
            assertThat(Files.readString(clockConfig)).contains("servers=[\"0.pool.ntp.org\"");
            Files.writeString(clockConfig, "servers=[\"" + chronyd.hostPort() + "\"]\npoll.interval.s=I\"1\"\nholdover.s=I\"60\"\n"
                    + "system.sources=B\"false\"\n");
            try (GatewayProcess gw = GatewayProcess.start(home, work, Map.of(), "run")) {
                gw.awaitStdout(READY);
                Files.writeString(work.resolve("deploy/org.mviot.edge.position.cfg"), "position.fixed=52.5163,13.3777,34\n");

                for (String feature : new String[] {"timesync", "position"}) {
                    GatewayProcess install = GatewayProcess.exec(home, work, "install", feature);
                    assertThat(install.awaitExit()).as(install.output()).isZero();
                }
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
