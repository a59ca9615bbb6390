package org.mviot.edge.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.it.support.TestBundles;

/**
 * Secure mode on the built distribution: the bundles the build signed run, and a bundle reaches the
 * framework only signed by a trusted key and unchanged since, whether it is dropped into deploy/ or
 * installed from the shell. The integrator's side is done exactly as docs/signing-bundles.md says:
 * keytool makes the key, its certificate goes into conf/trust-anchors/, jarsigner signs the driver.
 */
public class SecureModeProcessTest {

    private static final String READY = "mviot-edge ready in \\d+ ms";
    private static final String HELLO_CLASS = "org/mviot/edge/it/hello/HelloComponent.class";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void onlyBundlesSignedByATrustedKeyAndUnchangedSinceAreInstalled() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        Path keys = tmp.newFolder("keys").toPath();
        Path bundles = tmp.newFolder("bundles").toPath();
        // the integrator's key, trusted, and someone else's (made side by side: each keytool run is a JVM)
        awaitAll(tool(keys, "keytool", "-genkeypair", "-keystore", "integrator.p12", "-storetype", "PKCS12", "-storepass", "integrator",
                        "-alias", "acme", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=ACME driver signing"),
                tool(keys, "keytool", "-genkeypair", "-keystore", "other.p12", "-storetype", "PKCS12", "-storepass", "other-secret",
                        "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=Not trusted here"));
        Files.createDirectories(work.resolve("conf/trust-anchors"));
        awaitAll(tool(keys, "keytool", "-exportcert", "-rfc", "-keystore", "integrator.p12", "-storepass", "integrator", "-alias", "acme",
                "-file", work.resolve("conf/trust-anchors/acme.pem").toString()));
        // the simulator, in secure mode: the shipped bundles must be the build's signed ones to run at all
        Files.writeString(work.resolve("conf/gateway.properties"), "gateway.id=secure-gw\nprofile=sim\nsecure.mode=true\n");

        try (GatewayProcess gw = GatewayProcess.start(distroHome(), work, Map.of(), "run")) {
            // the bundles are signed while the gateway starts, the way docs/signing-bundles.md shows
            Path hello = TestBundles.hello(bundles.resolve("hello.jar"), "1.0.0");
            Path unsigned = Files.copy(hello, bundles.resolve("unsigned-hello.jar"));
            Path otherKey = Files.copy(hello, bundles.resolve("other-key-hello.jar"));
            Path tampered = Files.copy(hello, bundles.resolve("tampered-hello.jar"));
            Path signed = Files.copy(hello, bundles.resolve("signed-hello.jar"));
            awaitAll(jarsigner(otherKey, keys.resolve("other.p12"), "other-secret", "other"),
                    jarsigner(tampered, keys.resolve("integrator.p12"), "integrator", "acme"),
                    jarsigner(signed, keys.resolve("integrator.p12"), "integrator", "acme"));
            tamper(tampered);
            gw.awaitStdout(READY);
            assertThat(gw.stderrLines()).anyMatch(l -> l.contains("secure mode on (" + work.resolve("conf/gateway.properties"))
                    && l.contains("CN=ACME driver signing") && l.contains("CN=mviot-edge development build"));
            gw.awaitLog("device sim-boiler is online");
            gw.awaitLog("device sim-pump is online");
            Path deploy = work.resolve("deploy");

            TestBundles.drop(unsigned, deploy);
            gw.awaitLog("bundle 'file:\\S*/deploy/unsigned-hello\\.jar' refused and not installed: 'not signed");
            TestBundles.drop(otherKey, deploy);
            gw.awaitLog("bundle 'file:\\S*/deploy/other-key-hello\\.jar' refused and not installed: '.*signed by CN=Not trusted here, "
                    + "whose certificate does not chain to a trust anchor");
            TestBundles.drop(tampered, deploy);
            gw.awaitLog("bundle 'file:\\S*/deploy/tampered-hello\\.jar' refused and not installed: 'tampered: entry " + HELLO_CLASS);
            // the shell's install goes through the same gate
            GatewayProcess shellInstall = GatewayProcess.exec(distroHome(), work, "shell", "install", unsigned.toUri().toString());
            assertThat(shellInstall.awaitExit()).as(shellInstall.output()).isZero();
            gw.awaitLog("bundle '" + java.util.regex.Pattern.quote(unsigned.toUri().toString()) + "' refused and not installed");

            GatewayProcess lb = GatewayProcess.exec(distroHome(), work, "shell", "lb", "-s");
            assertThat(lb.awaitExit()).as(lb.output()).isZero();
            assertThat(lb.stdoutLines()).as("bundles after the refusals").noneMatch(l -> l.contains(TestBundles.HELLO_BSN))
                    .anyMatch(l -> l.contains("org.mviot.edge.driver.sim") && l.contains("Active"));
            assertThat(gw.stderrLines()).noneMatch(l -> l.contains("hello component active"));

            TestBundles.drop(signed, deploy);
            gw.awaitLog("hello component active");
            assertThat(gw.stderrLines()).noneMatch(l -> l.contains("/signed-hello.jar' refused"));
            assertThat(gw.terminate()).as("exit code after SIGTERM").isZero();
        }
    }

    /** A started JDK tool and what it was asked, for the failure message. */
    private record Tool(Process process, String command) {
    }

    private static Tool jarsigner(Path jar, Path keystore, String storepass, String alias) throws IOException {
        return tool(jar.getParent(), "jarsigner", "-keystore", keystore.toString(), "-storepass", storepass, jar.toString(), alias);
    }

    private static Tool tool(Path dir, String tool, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", tool).toString()));
        cmd.addAll(List.of(args));
        return new Tool(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start(), String.join(" ", cmd));
    }

    private static void awaitAll(Tool... tools) throws Exception {
        for (Tool t : tools) {
            String out;
            try (InputStream in = t.process().getInputStream()) {
                out = new String(in.readAllBytes());
            }
            assertThat(t.process().waitFor(60, TimeUnit.SECONDS)).as("%s ended", t.command()).isTrue();
            assertThat(t.process().exitValue()).as("%s%n%s", t.command(), out).isZero();
        }
    }

    /** One byte of one class changed after signing; every other entry, the signature files too, copied as they were. */
    private static Path tamper(Path jar) throws IOException {
        Path out = jar.resolveSibling("rewritten-" + jar.getFileName());
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (var it = in.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                if (e.getName().equals(HELLO_CLASS)) {
                    bytes[bytes.length - 1] ^= 0x01;
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(bytes);
                z.closeEntry();
            }
        }
        return Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
