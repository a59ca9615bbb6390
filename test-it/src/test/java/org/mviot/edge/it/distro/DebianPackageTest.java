package org.mviot.edge.it.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * The .deb as dpkg sees it: metadata, maintainer scripts, files and their modes, and a gateway
 * that runs from the extracted package tree.
 */
public class DebianPackageTest {

    private static Path deb;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void findPackage() throws IOException {
        try (var s = Files.list(Path.of(System.getProperty("mviot.deb.dir")))) {
            deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb in " + System.getProperty("mviot.deb.dir")));
        }
    }

    @Test
    public void controlDeclaresJavaDependencyAndMaintainerScripts() throws Exception {
        String info = dpkgDeb("-I", deb.toString());
        assertThat(info).contains("Package: mviot-edge", "Architecture: all", "openjdk-17-jre-headless", "postinst", "prerm", "postrm");
        String postinst = dpkgDeb("-I", deb.toString(), "postinst");
        assertThat(postinst).contains("adduser --system --group", "mviot", "gpio dialout");
        assertThat(dpkgDeb("-I", deb.toString(), "conffiles")).contains("/etc/mviot-edge/mviot-edge.env");
    }

    @Test
    public void installsProgramConfigurationStateAndSystemdUnit() throws Exception {
        List<String> files = dpkgDeb("-c", deb.toString()).lines().toList();
        assertThat(files).anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith("./opt/mviot-edge/bin/mviot-edge"));
        assertThat(files).anyMatch(l -> l.endsWith("./lib/systemd/system/mviot-edge.service"));
        assertThat(files).anyMatch(l -> l.endsWith("./etc/mviot-edge/mviot-edge.env"));
        assertThat(files).anyMatch(l -> l.endsWith("./var/lib/mviot-edge/deploy/"));
        assertThat(files).anyMatch(l -> l.contains("./usr/bin/mviot-edge -> /opt/mviot-edge/bin/mviot-edge"));
        assertThat(files).anyMatch(l -> l.endsWith("./opt/mviot-edge/hardware-profiles/raspberry-pi-5.properties"));
        assertThat(files).anyMatch(l -> l.endsWith("./opt/mviot-edge/layout.env"));
        // secure mode: the certificate of the key the build signed system/ with
        assertThat(files).anyMatch(l -> l.endsWith("./opt/mviot-edge/trust-anchors/mviot-edge-bundles.pem"));
        assertThat(files).noneMatch(l -> l.contains("/opt/mviot-edge/bin/mviot-edge") && l.startsWith("-rw-r--r--"));
    }

    @Test
    public void systemdUnitRestartsOnFailureAsTheMviotUserInASandbox() throws Exception {
        Path root = tmp.newFolder("root").toPath();
        dpkgDeb("-x", deb.toString(), root.toString());
        String unit = Files.readString(root.resolve("lib/systemd/system/mviot-edge.service"));
        assertThat(unit).contains("User=mviot", "Restart=on-failure", "ProtectSystem=strict", "ExecStart=/opt/mviot-edge/bin/mviot-edge run",
                "ReadWritePaths=/var/lib/mviot-edge");
        assertThat(unit).doesNotContain("PrivateDevices=yes");
    }

    @Test
    public void theExtractedPackageValidatesItsOwnLayout() throws Exception {
        Path root = tmp.newFolder("pkg").toPath();
        dpkgDeb("-x", deb.toString(), root.toString());
        Path work = tmp.newFolder("state").toPath();
        GatewayProcess check = GatewayProcess.exec(root.resolve("opt/mviot-edge"), work, "check");
        assertThat(check.awaitExit()).as(check.output()).isZero();
        assertThat(String.join("\n", check.stdoutLines())).contains("profile sim");
    }

    @Test
    public void theInstalledCommandFindsConfigurationAndStateInEtcAndVarLib() throws Exception {
        Path root = tmp.newFolder("fhs").toPath();
        dpkgDeb("-x", deb.toString(), root.toString());
        String layout = Files.readString(root.resolve("opt/mviot-edge/layout.env"));
        assertThat(layout).contains("MVIOT_CONF=${MVIOT_CONF:-/etc/mviot-edge}", "MVIOT_DATA=${MVIOT_DATA:-/var/lib/mviot-edge}");
        // the launcher honours it: point the package's layout file at test directories and run check
        Path etc = Files.createDirectories(root.resolve("etc-test"));
        Files.writeString(root.resolve("opt/mviot-edge/layout.env"), layout.replace("/etc/mviot-edge", etc.toString())
                .replace("/var/lib/mviot-edge", root.resolve("var-test").toString()));
        Files.writeString(etc.resolve("gateway.properties"), "gateway.id=from-etc\n");
        Process p = new ProcessBuilder(root.resolve("opt/mviot-edge/bin/mviot-edge").toString(), "check").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("gateway from-etc");
    }

    @Test
    public void anInstalledGatewayRefusesARootRunOverItsUsersStateAndNamesPermissionProblemsAsSuch() throws Exception {
        assertThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("this test changes file owners: run it as root, as CI does").isZero();
        Path root = tmp.newFolder("perm").toPath();
        dpkgDeb("-x", deb.toString(), root.toString());
        Path etc = Files.createDirectories(root.resolve("etc-test"));
        Path state = Files.createDirectories(root.resolve("var-test"));
        String layout = Files.readString(root.resolve("opt/mviot-edge/layout.env"));
        Files.writeString(root.resolve("opt/mviot-edge/layout.env"), layout.replace("/etc/mviot-edge", etc.toString())
                .replace("/var/lib/mviot-edge", state.toString()));
        String bin = root.resolve("opt/mviot-edge/bin/mviot-edge").toString();

        // the state belongs to the gateway's user (here: nobody): root may not run the gateway over it
        run("chown", "-R", "nobody", state.toString());
        Exec asRoot = exec(bin, "run");
        assertThat(asRoot.code()).as(asRoot.out()).isEqualTo(2);
        assertThat(asRoot.out()).contains("refusing to run as root", state.toString(), "belongs to user nobody", "systemctl start mviot-edge");
        assertThat(state.resolve("cache")).as("nothing written by the refused run").doesNotExist();

        // a user who may not read the data directory is told so, not that no gateway runs
        run("chmod", "0755", tmp.getRoot().toString(), root.toString()); // the temporary folders are private: let nobody reach the program
        run("chown", "-R", "root", state.toString());
        run("chmod", "0700", state.toString());
        Exec asNobody = exec("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", bin, "shell", "lb");
        assertThat(asNobody.code()).as(asNobody.out()).isEqualTo(2);
        assertThat(asNobody.out()).contains("permission denied", state.toString(), "by user nobody").doesNotContain("does not exist");
    }

    private record Exec(int code, String out) {
    }

    private static Exec exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        return new Exec(p.exitValue(), out);
    }

    private static void run(String... cmd) throws Exception {
        Exec e = exec(cmd);
        assertThat(e.code()).as("%s%n%s", String.join(" ", cmd), e.out()).isZero();
    }

    private static String dpkgDeb(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("dpkg-deb"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
