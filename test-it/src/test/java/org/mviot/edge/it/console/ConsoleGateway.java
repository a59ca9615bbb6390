package org.mviot.edge.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.mviot.edge.it.support.AutoCipher;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.Await;

/**
 * The built distribution on the sim profile, provisioned with an admin password, running, with its web console
 * listening on a free 127.0.0.1 port: what the browser tests (Chromium, Firefox) look at, one per test class.
 *
 * <p>Before a browser is pointed at it, its certificate is checked as an installer would: the one served is the one
 * the gateway announced in its log and in {@code mviot-edge status} (SHA-256 fingerprint), and the TLS cipher suite
 * is the one the console prefers for this JVM.
 */
final class ConsoleGateway implements AutoCloseable {

    private static final String READY = "mviot-edge ready in \\d+ ms";

    private final Path work;
    private final GatewayProcess process;
    private final ServedCertificate certificate;

    private ConsoleGateway(Path work, GatewayProcess process, ServedCertificate certificate) {
        this.work = work;
        this.process = process;
        this.certificate = certificate;
    }

    /**
     * Provisions a gateway {@code console-gw} on the sim profile in {@code dir/gw}, starts it and waits until its
     * console serves its pages.
     *
     * @param dir      an empty directory for the gateway's files and the password file
     * @param password the admin password to provision
     * @param settings more lines for {@code conf/gateway.properties} ({@code console.session.idle.minutes=1})
     * @return the running gateway
     * @throws Exception if it cannot be provisioned or started
     */
    static ConsoleGateway start(Path dir, String password, String... settings) throws Exception {
        Path work = Files.createDirectory(dir.resolve("gw"));
        Path passwordFile = Files.writeString(dir.resolve("admin-password"), password + "\n");
        cli(work, "provision", "--id", "console-gw", "--profile", "sim", "--admin-password-file", passwordFile.toString());
        // a test never listens beyond loopback; the port is a free one (GatewayProcess sets MVIOT_CONSOLE_PORT)
        Files.writeString(work.resolve("conf/gateway.properties"), "console.address=127.0.0.1\n"
                + Stream.of(settings).map(line -> line + "\n").collect(Collectors.joining()), StandardOpenOption.APPEND);
        GatewayProcess gateway = GatewayProcess.start(GatewayProcess.distroHome(), work, Map.of(), "run");
        try {
            gateway.awaitStdout(READY);
            ServedCertificate cert = checkedCertificate(work, gateway);
            // the console starts after ready: its pages may register a moment after its port opens
            new ConsoleClient(work.resolve("conf"), gateway.consolePort()).awaitServing();
            return new ConsoleGateway(work, gateway, cert);
        } catch (Exception | Error e) {
            stop(gateway);
            throw e;
        }
    }

    private static ServedCertificate checkedCertificate(Path work, GatewayProcess gateway) throws Exception {
        int port = gateway.consolePort();
        ServedCertificate cert = Await.value("the console's TLS handshake on 127.0.0.1:" + port, () -> {
            try {
                return Optional.of(ServedCertificate.of("127.0.0.1", port));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        // the JDK client offers AES-GCM first; the console's own order wins: ChaCha20 where the profile's JVM has no C2
        assertThat(cert.cipherSuite()).as("the cipher suite the console chose for a C%s JVM", AutoCipher.compilesWithC2("sim") ? 2 : 1)
                .isEqualTo(AutoCipher.compilesWithC2("sim") ? "TLS_AES_128_GCM_SHA256" : "TLS_CHACHA20_POLY1305_SHA256");
        // accepted only once it is the certificate the gateway names (as an installer compares it before accepting it)
        gateway.awaitLog("web console on https://127\\.0\\.0\\.1:" + port + "/");
        String announced = gateway.awaitLog("web console certificate SHA-256 [0-9A-F:]{95}");
        assertThat(cert.hasFingerprint(announced.replaceAll(".*certificate SHA-256 ([0-9A-F:]{95}).*", "$1")))
                .as("the served certificate %s is the one the gateway announced: %s", cert.sha256Fingerprint(), announced).isTrue();
        Await.until("mviot-edge status showing the console certificate's fingerprint " + cert.sha256Fingerprint(),
                () -> status(work).contains(cert.sha256Fingerprint()), () -> status(work));
        return cert;
    }

    /** @return the gateway's working directory ({@code conf/}, {@code deploy/}…) */
    Path work() {
        return work;
    }

    /** @return the console's address, {@code https://127.0.0.1:PORT} */
    String base() {
        return "https://127.0.0.1:" + process.consolePort();
    }

    /** @return the certificate the console serves, checked against the one the gateway announced */
    ServedCertificate certificate() {
        return certificate;
    }

    /**
     * Runs {@code mviot-edge ARGS} against this gateway.
     *
     * @param args the command and its arguments
     * @return its standard output
     * @throws Exception if it cannot run; an {@link AssertionError} if it exits with an error
     */
    String cli(String... args) throws Exception {
        return cli(work, args);
    }

    private static String cli(Path work, String... args) throws Exception {
        GatewayProcess p = GatewayProcess.exec(GatewayProcess.distroHome(), work, args);
        int code = p.awaitExit();
        if (code != 0) {
            throw new AssertionError("'mviot-edge " + String.join(" ", args) + "' exited with " + code + "\n" + p.output());
        }
        return String.join("\n", p.stdoutLines());
    }

    private static String status(Path work) {
        try {
            return cli(work, "status");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A descriptor of one more sim device, {@code sim-extra}, with one channel.
     *
     * @param poll the channel's {@code "poll": …} member (a broken one: {@code "poll": "now and then"})
     * @return the descriptor's text
     */
    static String simExtraDescriptor(String poll) {
        return "{\n  \"id\": \"sim-extra\",\n  \"driver\": \"sim\",\n  \"thing\": \"org.mviot.demo:sim-extra\",\n  \"channels\": [\n"
                + "    { \"name\": \"level\", \"type\": \"double\", \"unit\": \"m\", " + poll + ",\n"
                + "      \"address\": { \"signal\": \"sine\", \"amplitude\": \"1\", \"period\": \"10000\", \"offset\": \"2\" } }\n  ]\n}\n";
    }

    /**
     * @param browser the browser, for the directory's name ({@code chromium}, {@code firefox})
     * @return where a browser test keeps its screenshots: {@code target/console-screenshots/} (Chromium's, as
     *         before) or {@code target/console-screenshots/BROWSER/}
     */
    static Path screenshots(String browser) {
        Path all = Path.of(System.getProperty("mviot.test.classes", "target/test-classes")).getParent().resolve("console-screenshots");
        return browser.equals("chromium") ? all : all.resolve(browser);
    }

    /** Stops the gateway (SIGTERM by its PID, then waits for it). */
    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private static void stop(GatewayProcess gateway) throws InterruptedException {
        try {
            gateway.terminate();
        } finally {
            gateway.close();
        }
    }
}
