package org.mviot.edge.it.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.cloud.MosquittoBroker;
import org.mviot.edge.it.cloud.MqttRecorder;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.Started;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;
import org.mviot.edge.testsupport.TestCertificates;

/**
 * The built distribution as a process with the CoAP driver hot-installed ({@code mviot-edge install
 * driver-coap}), against Debian's libcoap server and a real Mosquitto: an observed and a polled
 * channel over UDP, a polled channel over DTLS with a pre-shared key from {@code conf/keys} and one over DTLS with X.509 certificates reach
 * the cloud as twin updates; {@code mviot:coap-discover} describes the server; a command PUTs to the server (checked with libcoap's own client); the
 * server killed and restarted is observed again without touching the gateway; the driver uninstalled and
 * installed again while the simulated devices keep reporting; a device POSTs SenML to the push server.
 */
public class CoapGatewayProcessTest {

    private static final String KEY = "mviot-it-psk";
    private static final String THING = "org.mviot.edge:clock";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Everything started, ended in reverse order by its own PID; their output goes to surefire's report. */
    private final Started started = new Started(c -> c instanceof GatewayProcess g ? "=== gateway\n" + g.output() : null);

    private <T extends AutoCloseable> T started(T c) {
        return started.add(c);
    }

    @After
    public void stop() {
        started.close();
    }

    /** The CA of the X.509 DTLS device, and the server's certificate; made once per test. */
    private TestCertificates ca;
    private TestCertificates.Issued serverCertificate;

    private PeerProcess coapServer(int port) throws Exception {
        PeerProcess p = started(PeerProcess.start("coap-server " + port,
                List.of("coap-server-openssl", "-A", "127.0.0.1", "-p", Integer.toString(port), "-k", KEY, "-c", serverCertificate.certificate().toString(),
                        "-j", serverCertificate.key().toString(), "-C", ca.certificate().toString())));
        return p.awaitListening(port); // it also serves CoAP over TCP on the port: listening there means it is up
    }

    private static String cli(Path home, Path work, String... args) throws Exception {
        GatewayProcess p = GatewayProcess.exec(home, work, args);
        assertThat(p.awaitExit()).as("mviot-edge %s\n%s", String.join(" ", args), p.output()).isZero();
        return String.join("\n", p.stdoutLines());
    }

    private static String coapClient(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("coap-client-openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    public void coapDevicesReportTwinUpdatesTakeCommandsAndAreObservedAgainAfterTheServerRestarts() throws Exception {
        Path home = GatewayProcess.distroHome();
        int port = FreePorts.udpAndTcpPair();
        Path work0 = tmp.newFolder("gw").toPath();
        Path keys = Files.createDirectories(work0.resolve("conf/keys"));
        ca = TestCertificates.authority(keys, "site-ca", 2);
        serverCertificate = ca.issue("coap-server", TestCertificates.KeyType.EC, 2, "IP:127.0.0.1", "DNS:localhost");
        Files.setPosixFilePermissions(ca.issue("gateway", TestCertificates.KeyType.EC, 2).key(), PosixFilePermissions.fromString("rw-------"));
        PeerProcess server = coapServer(port);
        MosquittoBroker broker = started(MosquittoBroker.start(tmp.newFolder("mosquitto").toPath()));
        MqttRecorder cloud = started(new MqttRecorder(broker.uri(), "cloud-coap", "mviot/coap-gw/#"));

        Path work = work0;
        cli(home, work, "provision", "--id", "coap-gw", "--broker", broker.uri(), "--profile", "sim");
        Files.writeString(keys.resolve("clock.psk"), KEY + "\n");
        Files.setPosixFilePermissions(keys.resolve("clock.psk"), PosixFilePermissions.fromString("rw-------"));
        device(work, "clock.json", """
                {"id": "clock", "driver": "coap", "connection": {"uri": "coap://127.0.0.1:%d"},
                 "channels": [
                   {"name": "ticks", "type": "integer", "event": true, "address": {"path": "/time?ticks"}},
                   {"name": "data", "type": "double", "access": "read_write", "poll": "500ms", "address": {"path": "/example_data"}}]}
                """.formatted(port));
        device(work, "secure-clock.json", """
                {"id": "secure-clock", "driver": "coap",
                 "connection": {"uri": "coaps://127.0.0.1:%d", "psk.identity": "gateway", "psk.key": "clock.psk"},
                 "channels": [{"name": "text", "type": "string", "poll": "1s", "address": {"path": "/time"}}]}
                """.formatted(port + 1));

        device(work, "cert-clock.json", """
                {"id": "cert-clock", "driver": "coap",
                 "connection": {"uri": "coaps://127.0.0.1:%d", "dtls.ca": "site-ca.pem", "dtls.certificate": "gateway.pem", "dtls.key": "gateway.key"},
                 "channels": [{"name": "text", "type": "string", "poll": "1s", "address": {"path": "/time"}}]}
                """.formatted(port + 1));

        device(work, "door.json", """
                {"id": "door", "driver": "coap", "connection": {"push": true},
                 "channels": [{"name": "open", "type": "boolean", "event": true}]}
                """);
        int pushPort = FreePorts.udp();
        Files.createDirectories(work.resolve("deploy"));
        Files.writeString(work.resolve("deploy/org.mviot.edge.driver.coap.internal.CoapDriver.cfg"),
                "client.address=127.0.0.1\npush.enabled=true\npush.address=127.0.0.1\npush.port=" + pushPort + "\n");

        GatewayProcess gw = started(GatewayProcess.start(home, work, Map.of(), "run"));
        gw.awaitStdout("mviot-edge ready in \\d+ ms");
        assertThat(cli(home, work, "install", "driver-coap")).contains("driver-coap");
        // FileInstall installs the jar, then starts it: Installed for a moment, then Active (resolved with Californium embedded)
        Await.until("driver-coap Active in lb", () -> {
            try {
                return java.util.regex.Pattern.compile("Active\\s+\\|.*mviot-edge CoAP driver").matcher(cli(home, work, "shell", "lb")).find();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        // discovery prints a descriptor of the server's resources, /time observable
        assertThat(cli(home, work, "shell", "mviot:coap-discover", "coap://127.0.0.1:" + port))
                .contains("\"uri\": \"coap://127.0.0.1:" + port + "\"").containsPattern("\"event\": true,\\s+\"address\": \\{\\s+\"path\": \"/time\"");

        // observe notifications of /time reach the cloud as twin updates of feature ticks
        cloud.await("twin updates of ticks", r -> ticksUpdates(r) >= 3);
        cloud.await("a twin update of the DTLS device", r -> r.stream().anyMatch(m -> m.topic().endsWith("/twin/org.mviot.edge:secure-clock")
                && valueOf(m.payload(), "text")));
        cloud.await("a twin update of the device authenticated with X.509 certificates", r -> r.stream().anyMatch(m -> m.topic().endsWith(
                "/twin/org.mviot.edge:cert-clock") && valueOf(m.payload(), "text")));

        // a device that pushes: libcoap's client POSTs SenML to the gateway's push server, the twin follows; an unknown device gets 4.04
        Await.until("the push device open", () -> gw.output().contains("CoAP push server listening on /127.0.0.1:" + pushPort));
        // posted until the twin shows it: the device opens (and joins the push server) a moment after the driver starts
        Await.until("door's twin after a push", () -> {
            try {
                coapClient("-m", "post", "-t", "110", "-e", "[{\"n\":\"open\",\"vb\":true}]", "coap://127.0.0.1:" + pushPort + "/d/door");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return cloud.received().stream().anyMatch(m -> m.topic().endsWith("/twin/org.mviot.edge:door")
                    && (m.payload().contains("\"path\":\"/features/open/properties/value\",\"value\":true")
                        || m.payload().contains("\"open\":{\"properties\":{\"value\":true")));
        });
        assertThat(coapClient("-m", "post", "-t", "110", "-e", "[{\"n\":\"open\",\"vb\":true}]", "coap://127.0.0.1:" + pushPort + "/d/nobody"))
                .contains("4.04");

        // a command PUTs to the server, which then serves the value to libcoap's own client
        assertThat(cli(home, work, "shell", "mviot:write", "clock", "data", "12.5")).isEqualTo("written: clock data = 12.5");
        assertThat(coapClient("-m", "get", "coap://127.0.0.1:" + port + "/example_data")).contains("12.5");

        // the server killed and restarted on the same port: notifications resume, the gateway untouched
        server.close();
        Await.until("the gateway logging the lapsed observation", () -> gw.output().contains("observe of coap://127.0.0.1:" + port + "/time?ticks lapsed"));
        int before = ticksUpdates(cloud.received());
        coapServer(port);
        cloud.await("twin updates of ticks from the restarted server", r -> ticksUpdates(r) >= before + 3);
        assertThat(gw.output()).contains("observe of /time?ticks registered again after notifications stopped");
        assertThat(Files.exists(work.resolve("Californium3.properties"))).isFalse();

        // the driver removed while the gateway runs: its devices go offline, the sim devices keep reporting; reinstalled, ticks resume
        cli(home, work, "uninstall", "driver-coap");
        Await.until("clock offline without its driver", () -> gw.output().contains("device clock is offline: driver 'coap' not installed")
                && gw.output().lastIndexOf("device clock is offline: driver 'coap' not installed") > gw.output().lastIndexOf("registered again"));
        int boiler = updatesOf(cloud.received(), SIM_BOILER);
        cloud.await("the sim boiler reporting while driver-coap is away", r -> updatesOf(r, SIM_BOILER) >= boiler + 3);
        int ticks = ticksUpdates(cloud.received());
        cli(home, work, "install", "driver-coap");
        cloud.await("twin updates of ticks after driver-coap is installed again", r -> ticksUpdates(r) >= ticks + 3);
    }

    /** Whether a Ditto merge carries a value of the feature (alone, or among several features). */
    private static boolean valueOf(String payload, String feature) {
        return payload.contains("\"path\":\"/features/" + feature + "/properties/value\"")
                || payload.contains("\"" + feature + "\":{\"properties\":{\"value\"");
    }

    private static final String SIM_BOILER = "org.mviot.demo:sim-boiler";

    private static int updatesOf(List<MqttRecorder.Received> received, String thing) {
        return (int) received.stream().filter(m -> m.topic().endsWith("/twin/" + thing)).count();
    }

    private static int ticksUpdates(List<MqttRecorder.Received> received) {
        return (int) received.stream().filter(m -> m.topic().endsWith("/twin/" + THING) && valueOf(m.payload(), "ticks")).count();
    }

    private static void device(Path work, String name, String json) throws Exception {
        Path devices = Files.createDirectories(work.resolve("conf/devices"));
        Path t = devices.resolve("." + name + ".tmp");
        Files.writeString(t, json);
        Files.move(t, devices.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
