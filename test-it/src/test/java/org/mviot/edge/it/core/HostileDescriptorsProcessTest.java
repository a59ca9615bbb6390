package org.mviot.edge.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * Descriptors written to break the gateway, on the built distribution (sim profile, -Xss256k): a
 * derived expression nesting 400 parentheses (once a StackOverflowError that silently ended the
 * descriptor scan for good), a 100 MB file, and a second file claiming a thing id that another
 * device has. Each is reported naming its file, and a valid file added afterwards is still loaded.
 * And the JVM exits on OutOfMemoryError (so systemd restarts it) whatever profile it runs.
 */
public class HostileDescriptorsProcessTest {

    private static final String READY = "mviot-edge ready in \\d+ ms";
    /** A fresh data directory would record a class-data archive at exit: seconds this test does not need. */
    private static final Map<String, String> NO_CDS = Map.of("MVIOT_CDS", "off");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String device(String id, String thing) {
        return "{\"id\": \"" + id + "\", \"driver\": \"sim\"" + (thing == null ? "" : ", \"thing\": \"" + thing + "\"")
                + ", \"channels\": [{\"name\": \"n\", \"type\": \"integer\", \"poll\": \"500ms\", \"address\": {\"signal\": \"counter\"}}]}";
    }

    /** The 968-byte descriptor of the attack: a derived channel whose expression nests 400 parentheses. */
    private static String deepExpression() {
        return "{\"id\": \"deep\", \"driver\": \"sim\", \"channels\": [{\"name\": \"n\", \"type\": \"integer\", \"poll\": \"1s\","
                + " \"address\": {\"signal\": \"counter\"}}], \"derived\": [{\"name\": \"d\", \"expression\": \""
                + "(".repeat(400) + "n" + ")".repeat(400) + "\"}]}";
    }

    /** Written as an installer should: a hidden temporary file, then an atomic rename. */
    private static void write(Path devices, String name, String json) throws IOException {
        Path t = devices.resolve("." + name + ".tmp");
        Files.writeString(t, json, StandardCharsets.UTF_8);
        Files.move(t, devices.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    public void deepHugeAndThingStealingDescriptorsAreReportedAndAFileAddedAfterwardsIsStillLoaded() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        Path devices = Files.createDirectories(work.resolve("conf/devices"));
        write(devices, "a-deep.json", deepExpression());
        try (RandomAccessFile huge = new RandomAccessFile(devices.resolve("b-huge.json").toFile(), "rw")) {
            huge.setLength(100L << 20); // 100 MB, sparse: no disk used, and the gateway must not read it
        }
        write(devices, "c-first.json", device("first", "org.mviot.test:shared"));
        write(devices, "d-second.json", device("second", "org.mviot.test:shared"));

        try (GatewayProcess gw = GatewayProcess.start(distroHome(), work, NO_CDS, "run", "--profile", "sim")) {
            gw.awaitStdout(READY);
            assertThat(Files.readString(Path.of("/proc/" + gw.pid() + "/cmdline")).split("\0"))
                    .as("the gateway JVM's options").contains("-Xss256k", "-XX:+ExitOnOutOfMemoryError");

            gw.awaitLog("invalid device descriptor \\S*a-deep\\.json: \\$\\.derived\\[0\\]\\.expression: .*nests deeper than 32 levels");
            gw.awaitLog("invalid device descriptor \\S*b-huge\\.json: \\$: the file has 104857600 bytes, over the limit of 1048576 bytes");
            gw.awaitLog("invalid device descriptor \\S*d-second\\.json: \\$\\.thing: .*'org\\.mviot\\.test:shared' is already the twin"
                    + " of device 'first' defined by \\S*c-first\\.json");
            gw.awaitLog("device first added from \\S*c-first\\.json");

            write(devices, "e-later.json", device("later", null));
            gw.awaitLog("device later added from \\S*e-later\\.json");
            GatewayProcess shell = GatewayProcess.exec(distroHome(), work, "shell", "mviot:devices");
            assertThat(shell.awaitExit()).as(shell.output()).isZero();
            assertThat(shell.stdoutLines()).anyMatch(l -> l.matches("later\\s+sim\\s+online.*"))
                    .anyMatch(l -> l.matches("first\\s+sim\\s+online.*"))
                    .noneMatch(l -> l.startsWith("second ") || l.startsWith("deep "))
                    .anyMatch(l -> l.startsWith("INVALID ") && l.contains("b-huge.json"));

            assertThat(gw.terminate()).as("exit code after SIGTERM\n%s", gw.output()).isZero();
            assertThat(gw.stderrLines()).noneMatch(l -> l.contains("StackOverflowError") || l.contains("OutOfMemoryError"));
        }
    }

    @Test
    public void anInstallersProfileWithoutTheOutOfMemoryExitStillGetsIt() throws Exception {
        Path work = tmp.newFolder("own-profile").toPath();
        Path profiles = Files.createDirectories(work.resolve("conf/hardware-profiles"));
        String sim = Files.readString(distroHome().resolve("hardware-profiles/sim.properties"));
        assertThat(sim).contains(" -XX:+ExitOnOutOfMemoryError");
        Files.writeString(profiles.resolve("my-board.properties"),
                sim.replace("profile.name=sim", "profile.name=my-board").replace(" -XX:+ExitOnOutOfMemoryError", ""));
        try (GatewayProcess gw = GatewayProcess.start(distroHome(), work, NO_CDS, "run", "--profile", "my-board")) {
            gw.awaitStdout(READY);
            assertThat(Files.readString(Path.of("/proc/" + gw.pid() + "/cmdline")).split("\0"))
                    .as("the gateway JVM's options").contains("-XX:+ExitOnOutOfMemoryError");
            assertThat(gw.terminate()).as("exit code after SIGTERM\n%s", gw.output()).isZero();
        }
    }
}
