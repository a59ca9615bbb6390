package org.mviot.edge.it.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * Features marked {@code start=after-ready} (the web console, the gateway clock, the position) start only once
 * {@code mviot-edge ready} is announced, at the first run and at later ones (from the framework's cache, even when
 * someone started one of their bundles by hand); a descriptor with a start value the launcher does not know is refused.
 */
public class AfterReadyFeaturesProcessTest {

    private static final String READY = ".*mviot-edge ready in \\d+ ms.*";
    private static final String STARTED_AFTER_READY = ".*INFO AfterReadyStart - started after ready in \\d+ ms: timesync position web-console.*";
    /** What each after-ready feature's bundles log when they activate. */
    private static final List<String> ACTIVATIONS = List.of(".* INFO TimeSyncComponent - gateway clock started: .*",
            ".* INFO PositionComponent - gateway position: .*", ".* INFO http - Started Jetty .*");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void theConsoleClockAndPositionStartAfterTheReadyLineAtTheFirstRunAndFromTheCacheAfterAHandStart() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        try (GatewayProcess first = GatewayProcess.startOnTerminal(distroHome(), work, Map.of(), "run", "--profile", "generic-linux")) {
            first.awaitStdout(STARTED_AFTER_READY);
            assertActivatedAfterReady(first.stdoutLines());
            // a bundle started by hand is marked to start with the framework: the launcher still keeps it for after ready
            GatewayProcess lb = GatewayProcess.exec(distroHome(), work, "shell", "lb", "jetty");
            String jetty = lb.stdoutLines().stream().filter(l -> l.contains("Jetty")).findFirst().orElseThrow(() -> new AssertionError(lb.output()));
            String id = jetty.trim().split("\\s*\\|\\s*")[0];
            GatewayProcess start = GatewayProcess.exec(distroHome(), work, "shell", "start", id);
            assertThat(start.awaitExit()).as(start.output()).isZero();
            first.typeOnConsole("\u0003");
            assertThat(first.awaitExit()).as(first.output()).isZero();
        }
        try (GatewayProcess second = GatewayProcess.startOnTerminal(distroHome(), work, Map.of(), "run", "--profile", "generic-linux")) {
            second.awaitStdout(STARTED_AFTER_READY);
            assertActivatedAfterReady(second.stdoutLines());
            GatewayProcess features = GatewayProcess.exec(distroHome(), work, "features", "--profile", "generic-linux");
            assertThat(features.stdoutLines()).as(features.output()).anyMatch(l -> l.matches("web-console +profile generic-linux \\(after ready\\) .*"))
                    .anyMatch(l -> l.matches("timesync +profile generic-linux \\(after ready\\) .*"))
                    .anyMatch(l -> l.matches("core +profile generic-linux +Core: .*"));
            second.typeOnConsole("\u0003");
            assertThat(second.awaitExit()).as(second.output()).isZero();
        }
    }

    /** On a terminal the ready line (standard output) and the log (standard error) appear in the order they were written. */
    private static void assertActivatedAfterReady(List<String> screen) {
        int ready = indexOf(screen, READY);
        assertThat(ready).as("the ready line\n%s", String.join("\n", screen)).isNotNegative();
        for (String activation : ACTIVATIONS) {
            assertThat(indexOf(screen, activation)).as("%s after the ready line\n%s", activation, String.join("\n", screen)).isGreaterThan(ready);
        }
    }

    private static int indexOf(List<String> lines, String regex) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    public void aFeatureWithAStartValueTheLauncherDoesNotKnowIsRefusedNamingTheFileAndTheField() throws Exception {
        Path home = GatewayProcess.copyHome(distroHome(), tmp.newFolder("home").toPath());
        Path console = home.resolve("features/web-console.feature");
        Files.writeString(console, Files.readString(console).replace("start=after-ready", "start=when-idle"));
        Path work = tmp.newFolder("gw").toPath();
        for (String command : new String[] {"check", "run"}) {
            GatewayProcess p = GatewayProcess.exec(home, work, command);
            assertThat(p.awaitExit()).as(p.output()).isEqualTo(2);
            assertThat(p.stderrLines()).as(command).anyMatch(l -> l.contains(console + ": field 'start' is 'when-idle', expected one of with-gateway, after-ready"));
        }
    }
}
