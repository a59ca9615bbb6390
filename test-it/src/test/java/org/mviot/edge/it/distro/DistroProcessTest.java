package org.mviot.edge.it.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.it.support.TestBundles;
import org.mviot.edge.testsupport.FreePorts;

/**
 * The built distribution, started as a process the way an installer or systemd starts it:
 * the ready line, hot deploy and removal, broken bundles, SIGTERM, and bad configuration.
 */
public class DistroProcessTest {

    private static final String READY = "mviot-edge ready in \\d+ ms";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void runPrintsOneReadyLineHotDeploysSurvivesBrokenBundlesAndStopsCleanlyOnSigterm() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        Path bundles = tmp.newFolder("bundles").toPath();
        Path hello = TestBundles.hello(bundles.resolve("hello.jar"), "1.0.0");
        try (GatewayProcess gw = GatewayProcess.start(distroHome(), work, Map.of(), "run")) {
            gw.awaitStdout(READY);
            Path deploy = work.resolve("deploy");

            Path dropped = TestBundles.drop(hello, deploy);
            gw.awaitLog("hello component active");
            Files.delete(dropped);
            gw.awaitLog("hello component deactivated");

            TestBundles.drop(TestBundles.unresolvable(bundles.resolve("unresolvable.jar")), deploy);
            String unresolved = gw.awaitLog("unresolvable\\.jar.*osgi\\.wiring\\.package=org\\.nowhere\\.at\\.all");
            TestBundles.drop(TestBundles.badManifest(bundles.resolve("bad-manifest.jar")), deploy);
            String badManifest = gw.awaitLog("bad-manifest\\.jar.*one\\.two\\.three");

            // the gateway keeps working after the broken bundles
            TestBundles.drop(hello, deploy);
            gw.awaitLog("hello component active");

            assertThat(gw.terminate()).as("exit code after SIGTERM\n%s", gw.output()).isZero();
            assertThat(gw.stdoutLines()).filteredOn(l -> l.matches(READY)).hasSize(1);
            assertThat(unresolved).startsWith(unresolved.substring(0, 1)).doesNotContain("\tat ");
            // one line each, with no stack trace following
            assertThat(gw.stderrLines()).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
            assertThat(badManifest).contains("bad-manifest.jar");
        }
    }

    @Test
    public void unknownProfileStopsTheStartWithAnErrorNamingIt() throws Exception {
        GatewayProcess p = GatewayProcess.exec(distroHome(), tmp.newFolder().toPath(), "run", "--profile", "toaster-9000");
        assertThat(p.awaitExit()).isEqualTo(2);
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("unknown hardware profile 'toaster-9000'") && l.contains("raspberry-pi-5"));
    }

    @Test
    public void malformedProfileStopsTheStartNamingTheFileAndTheField() throws Exception {
        Path work = tmp.newFolder().toPath();
        Path profiles = Files.createDirectories(work.resolve("conf/hardware-profiles"));
        String sim = Files.readString(distroHome().resolve("hardware-profiles/sim.properties"));
        Files.writeString(profiles.resolve("my-board.properties"),
                sim.replace("profile.name=sim", "profile.name=my-board").replace("gpio.provider=mock", "gpio.provider=banana"));
        GatewayProcess p = GatewayProcess.exec(distroHome(), work, "run", "--profile", "my-board");
        assertThat(p.awaitExit()).isEqualTo(2);
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("my-board.properties: field 'gpio.provider' is 'banana'"));
    }

    @Test
    public void malformedSettingsStopTheStartNamingTheFileAndTheField() throws Exception {
        Path work = tmp.newFolder().toPath();
        Files.createDirectories(work.resolve("conf"));
        Files.writeString(work.resolve("conf/gateway.properties"), "gateway.id=gw-1\nbroker.uri=carrier-pigeon://roof\n");
        GatewayProcess p = GatewayProcess.exec(distroHome(), work, "run");
        assertThat(p.awaitExit()).isEqualTo(2);
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("gateway.properties: field 'broker.uri'") && l.contains("carrier-pigeon://roof"));
    }

    @Test
    public void unwritableDataDirectoryStopsTheStartNamingIt() throws Exception {
        Path work = tmp.newFolder().toPath();
        Path notADirectory = Files.writeString(work.resolve("plain-file"), "x");
        GatewayProcess p = GatewayProcess.exec(distroHome(), work, "run", "--data", notADirectory.resolve("data").toString());
        assertThat(p.awaitExit()).isEqualTo(2);
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("data directory " + notADirectory.resolve("data")) && l.contains("not writable"));
    }

    @Test
    public void provisionWritesSettingsThatTheGatewayUses() throws Exception {
        Path work = tmp.newFolder().toPath();
        GatewayProcess p = GatewayProcess.exec(distroHome(), work, "provision", "--id", "dam-gate-7",
                "--broker", "ssl://twins.example.org:8883", "--profile", "raspberry-pi-5");
        assertThat(p.awaitExit()).as(p.output()).isZero();
        assertThat(Files.readString(work.resolve("conf/gateway.properties")))
                .contains("gateway.id=dam-gate-7", "broker.uri=ssl://twins.example.org:8883", "profile=raspberry-pi-5");
        GatewayProcess check = GatewayProcess.exec(distroHome(), work, "check");
        assertThat(check.awaitExit()).as(check.output()).isZero();
        assertThat(String.join("\n", check.stdoutLines())).contains("gateway dam-gate-7", "profile raspberry-pi-5");
    }

    @Test
    public void provisionRejectsABrokerThatIsNotAnMqttUri() throws Exception {
        Path work = tmp.newFolder().toPath();
        GatewayProcess p = GatewayProcess.exec(distroHome(), work, "provision", "--id", "gw", "--broker", "http://x");
        assertThat(p.awaitExit()).isEqualTo(2);
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("--broker 'http://x'"));
        assertThat(work.resolve("conf/gateway.properties")).doesNotExist();
    }

    @Test
    public void firstStartImportsTheProvisioningFileOfTheBootPartition() throws Exception {
        Path work = tmp.newFolder().toPath();
        Path boot = Files.createDirectories(work.resolve("boot-firmware")).resolve("mviot-edge.conf");
        // a free port: tests never assume 1883 is theirs (nothing need listen there: the link retries)
        Files.writeString(boot, "gateway.id=river-level-3\nbroker.uri=tcp://127.0.0.1:" + FreePorts.tcp() + "\nprofile=sim\n");
        try (GatewayProcess gw = GatewayProcess.start(distroHome(), work, Map.of("MVIOT_BOOT_CONF", boot.toString()), "run")) {
            gw.awaitStdout(READY);
            assertThat(gw.terminate()).isZero();
        }
        assertThat(Files.readString(work.resolve("conf/gateway.properties"))).contains("gateway.id=river-level-3");
        assertThat(boot).doesNotExist();
        assertThat(boot.resolveSibling("mviot-edge.conf.applied")).exists();
    }

    @Test
    public void featureInstalledByNameIntoARunningGatewayStartsWithItsDefaultConfiguration() throws Exception {
        Path home = GatewayProcess.copyHome(distroHome(), tmp.newFolder("home").toPath());
        TestBundles.hello(home.resolve("system/org.mviot.edge.it.hello-1.0.0.jar"), "1.0.0");
        Files.writeString(home.resolve("features/hello.feature"),
                "description=a greeting component\nrequires=runtime\nbundles=org.mviot.edge.it.hello-1.0.0.jar\n");
        Files.createDirectories(home.resolve("features/hello"));
        Files.writeString(home.resolve("features/hello/org.mviot.it.hello.cfg"), "greeting=from the feature\n");
        Path work = tmp.newFolder("gw").toPath();
        try (GatewayProcess gw = GatewayProcess.start(home, work, Map.of(), "run")) {
            gw.awaitStdout(READY);
            GatewayProcess install = GatewayProcess.exec(home, work, "install", "hello");
            assertThat(install.awaitExit()).as(install.output()).isZero();
            gw.awaitLog("hello component active, greeting=from the feature");

            GatewayProcess list = GatewayProcess.exec(home, work, "features");
            assertThat(list.stdoutLines()).anyMatch(l -> l.startsWith("hello") && l.contains("installed"));

            GatewayProcess uninstall = GatewayProcess.exec(home, work, "uninstall", "hello");
            assertThat(uninstall.awaitExit()).as(uninstall.output()).isZero();
            gw.awaitLog("hello component deactivated");
            assertThat(gw.terminate()).isZero();
        }
    }

    @Test
    public void shellListsInstallsAndUninstallsBundlesOfAGatewayRunningWithoutAConsole() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        Path hello = TestBundles.hello(tmp.newFolder("b").toPath().resolve("hello.jar"), "1.0.0");
        try (GatewayProcess gw = GatewayProcess.start(distroHome(), work, Map.of(), "run")) {
            gw.awaitStdout(READY);
            GatewayProcess lb = GatewayProcess.exec(distroHome(), work, "shell", "lb");
            assertThat(lb.awaitExit()).as(lb.output()).isZero();
            assertThat(lb.stdoutLines()).anyMatch(l -> l.contains("Active") && l.contains("File Install"));

            GatewayProcess install = GatewayProcess.exec(distroHome(), work, "shell", "install", hello.toUri().toString());
            assertThat(install.awaitExit()).as(install.output()).isZero();
            String id = install.stdoutLines().stream().filter(l -> l.startsWith("Bundle ID:")).findFirst()
                    .orElseThrow(() -> new AssertionError(install.output())).replaceAll("\\D+", "");
            GatewayProcess start = GatewayProcess.exec(distroHome(), work, "shell", "start", id);
            assertThat(start.awaitExit()).as(start.output()).isZero();
            gw.awaitLog("hello component active");

            GatewayProcess uninstall = GatewayProcess.exec(distroHome(), work, "shell", "uninstall", id);
            assertThat(uninstall.awaitExit()).as(uninstall.output()).isZero();
            gw.awaitLog("hello component deactivated");

            GatewayProcess unknown = GatewayProcess.exec(distroHome(), work, "shell", "no-such-command");
            assertThat(unknown.awaitExit()).isEqualTo(1);
            assertThat(unknown.stdoutLines()).anyMatch(l -> l.contains("Command not found: no-such-command"));
            assertThat(gw.terminate()).isZero();
        }
    }

    @Test
    public void shellWithoutARunningGatewaySaysSo() throws Exception {
        Path work = tmp.newFolder().toPath();
        GatewayProcess p = GatewayProcess.exec(distroHome(), work, "shell", "lb");
        assertThat(p.awaitExit()).as("exit code 3: no gateway running").isEqualTo(3);
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("no running gateway") && l.contains("shell.sock"));
    }

    @Test
    public void brokerCredentialsBeforeTheLocalBrokersFirstStartSaysWhereItWillWriteThem() throws Exception {
        Path work = tmp.newFolder().toPath();
        GatewayProcess p = GatewayProcess.exec(distroHome(), work, "broker-credentials");
        assertThat(p.awaitExit()).isEqualTo(1);
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("no local MQTT broker logins in " + work.resolve("data/local-broker/credentials.properties"))
                && l.contains("first start"));
        assertThat(p.stdoutLines()).isEmpty();
    }

    @Test
    public void aDistributionUnpackedElsewhereTakesOverTheDataOfTheOldOneWithoutErrors() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        try (GatewayProcess gw = GatewayProcess.start(distroHome(), work, Map.of(), "run")) {
            gw.awaitStdout(READY);
            assertThat(gw.terminate()).isZero();
        }
        Path moved = GatewayProcess.copyHome(distroHome(), tmp.newFolder("upgraded").toPath());
        try (GatewayProcess gw = GatewayProcess.start(moved, work, Map.of(), "run")) {
            gw.awaitStdout(READY);
            assertThat(gw.terminate()).isZero();
            assertThat(gw.stderrLines()).as(gw.output()).noneMatch(l -> l.contains(" ERROR "));
            assertThat(gw.stderrLines()).anyMatch(l -> l.contains("removed: no feature of this profile needs"));
        }
    }

    @Test
    public void everyCommandHasHelpAndTheVersionNamesTheCommitJavaAndProfile() throws Exception {
        Path work = tmp.newFolder("cli").toPath();
        GatewayProcess help = GatewayProcess.exec(distroHome(), work, "--help");
        assertThat(help.awaitExit()).isZero();
        String commands = String.join("\n", help.stdoutLines());
        for (String c : new String[] {"run", "provision", "install", "uninstall", "features", "check", "shell", "version", "broker-credentials"}) {
            assertThat(commands).containsPattern("(?m)^  " + c + " +\\S");
            GatewayProcess one = GatewayProcess.exec(distroHome(), work, c, "--help");
            assertThat(one.awaitExit()).as(one.output()).isZero();
            assertThat(one.stdoutLines().get(0)).startsWith("usage: mviot-edge " + c);
        }
        GatewayProcess version = GatewayProcess.exec(distroHome(), work, "--version");
        assertThat(version.awaitExit()).isZero();
        assertThat(version.stdoutLines().get(0)).matches("mviot-edge \\S+ \\(commit [0-9a-f]{7,40}\\)");
        assertThat(version.stdoutLines()).contains("profile sim").anyMatch(l -> l.startsWith("java " + System.getProperty("java.specification.version")));
    }

    @Test
    public void unknownOptionsExtraWordsAndMissingRequiredOptionsExitTwoWithTheCommandsUsage() throws Exception {
        Path work = tmp.newFolder("cli").toPath();
        String[][] cases = {
                {"unexpected argument 'extra'", "features", "-p", "sim", "extra"},
                {"unknown option '--bogus'", "run", "--bogus"},
                {"unknown option '--json'", "features", "--json"},
                {"option --id ID is required", "provision"},
                {"option --profile needs a value (NAME)", "check", "--profile"},
                {"missing FEATURE", "install"},
                {"unknown command 'frobnicate'", "frobnicate"}};
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            GatewayProcess p = GatewayProcess.exec(distroHome(), work, args);
            assertThat(p.awaitExit()).as("%s%n%s", String.join(" ", args), p.output()).isEqualTo(2);
            assertThat(p.stderrLines()).as(String.join(" ", args)).anyMatch(l -> l.contains(c[0])).anyMatch(l -> l.startsWith("usage: mviot-edge"));
        }
        assertThat(work.resolve("conf/gateway.properties")).as("a refused provision writes nothing").doesNotExist();
        GatewayProcess shortOption = GatewayProcess.exec(distroHome(), work, "check", "-p", "generic-linux");
        assertThat(shortOption.awaitExit()).as(shortOption.output()).isZero();
        assertThat(shortOption.stdoutLines()).anyMatch(l -> l.startsWith("profile generic-linux"));
    }
}
