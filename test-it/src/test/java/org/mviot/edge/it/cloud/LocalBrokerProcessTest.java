package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.BOILER;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.PUMP;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.awaitReportedSetpoint;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.command;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.modify;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.status;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.uplinks;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.base.model.signals.commands.CommandResponse;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * The built distribution with nothing provisioned (sim profile): its embedded local MQTT v5 broker
 * (feature local-broker) listens on a free 127.0.0.1 port, the cloud link sends the simulated
 * devices' twin updates to it, and commands sent through it reach the simulated devices when local
 * clients are granted commands. The broker is locked down: clients log in with the login
 * {@code mviot-edge broker-credentials} prints, anonymous clients and the gateway's client id are
 * refused, and a client that may only read cannot send commands (Debian's mosquitto clients as the
 * peers). A port in use costs the broker, not the gateway.
 */
public class LocalBrokerProcessTest {

    /** The gateway id of an unprovisioned gateway, and so its MQTT client id and topic level. */
    private static final String GATEWAY = "mviot-sim-gateway";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private DistroGateway gateway;
    private MqttRecorder client;

    @After
    public void stopEverything() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    /** Starts an unprovisioned gateway and subscribes a Paho v5 client, logged in, to the twin topics at its local broker. */
    private GatewayProcess runAndSubscribe() throws Exception {
        gateway = DistroGateway.unprovisioned(tmp.newFolder("gw").toPath());
        GatewayProcess p = gateway.run();
        p.awaitLog("local MQTT broker on 127.0.0.1:" + p.localBrokerPort() + " up in \\d+ ms");
        client = new MqttRecorder(uri(p), "lan-client", gateway.localBrokerLogin(), "mviot/" + GATEWAY + "/twin/#", "mviot/" + GATEWAY + "/state");
        return p;
    }

    /** Like {@link #runAndSubscribe()}, with local clients granted commands and their responses on test/responses. */
    private GatewayProcess runGrantedCommands() throws Exception {
        gateway = DistroGateway.unprovisioned(tmp.newFolder("gw").toPath());
        gateway.grantLocalClients("mviot/+/twin/#,mviot/+/state,test/responses", "mviot/+/commands/#");
        GatewayProcess p = gateway.run();
        // FileInstall may hand the grant over after the first start of the broker, which then restarts with it
        p.awaitLog("on 127.0.0.1:" + p.localBrokerPort() + " up .*writes \\[mviot/\\+/commands/#\\]");
        client = new MqttRecorder(uri(p), "lan-client", gateway.localBrokerLogin(), "mviot/" + GATEWAY + "/twin/#", "test/responses");
        return p;
    }

    private static String uri(GatewayProcess p) {
        return "tcp://127.0.0.1:" + p.localBrokerPort();
    }

    /** Runs a mosquitto client (Debian's mosquitto-clients) to its end, bounded. */
    private static PeerResult mosquitto(String program, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(program));
        cmd.addAll(List.of(args));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!proc.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError(program + " did not end within 30 s");
            }
            return new PeerResult(proc.exitValue(), new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            proc.destroyForcibly();
        }
    }

    private record PeerResult(int exit, String output) {
    }

    @Test
    public void twinUpdatesOfTheSimulatedDevicesReachAClientOfTheLocalBrokerWithNothingProvisioned() throws Exception {
        GatewayProcess p = runAndSubscribe();

        List<MqttRecorder.Received> got = client.await("3 change updates of both demo things",
                r -> List.of(BOILER, PUMP).stream().allMatch(t -> uplinks(r, t, 0).stream().filter(u -> !u.definition()).count() >= 3));

        // uplinks() parses every one with Ditto's protocol adapter as a merge of that thing
        for (String thing : List.of(BOILER, PUMP)) {
            assertThat(uplinks(got, thing, 0)).allSatisfy(u -> assertThat(u.merge()).isInstanceOf(MergeThing.class));
        }
        assertThat(got).anyMatch(m -> m.topic().equals("mviot/" + GATEWAY + "/twin/" + BOILER));
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("twin updates go to the local broker tcp://127.0.0.1:" + p.localBrokerPort()));
        // the broker's start is one line of ours; HiveMQ's own start-up steps stay below INFO
        assertThat(p.stderrLines()).noneMatch(l -> l.contains(" INFO com.hivemq."));
        assertThat(p.stderrLines()).noneMatch(l -> l.contains(" ERROR ") || l.contains(" WARN "));
    }

    @Test
    public void anonymousClientsAndClientsWithTheGatewaysClientIdAreRefusedAndTheGatewayKeepsItsSession() throws Exception {
        GatewayProcess p = runAndSubscribe();
        client.await("an update of " + BOILER, r -> !uplinks(r, BOILER, 0).isEmpty());
        MqttRecorder.Login login = gateway.localBrokerLogin();
        String port = Integer.toString(p.localBrokerPort());

        PeerResult anonymous = mosquitto("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-t", "mviot/+/twin/#", "-C", "1", "-W", "20");
        PeerResult wrong = mosquitto("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-u", login.user(), "-P", "guess",
                "-t", "mviot/+/twin/#", "-C", "1", "-W", "20");
        PeerResult takeover = mosquitto("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-u", login.user(), "-P",
                login.password(), "-i", GATEWAY, "-t", "mviot/+/twin/#", "-C", "1", "-W", "20");

        assertThat(anonymous.output()).as("anonymous mosquitto_sub").contains("Not authorized");
        assertThat(anonymous.exit()).isNotZero();
        assertThat(wrong.output()).as("mosquitto_sub with a wrong password").containsIgnoringCase("bad user name or password");
        assertThat(takeover.output()).as("mosquitto_sub with the gateway's client id").contains("Client Identifier not valid");
        assertThat(takeover.exit()).isNotZero();
        p.awaitLog(" WARN .*refused client 'mviot-sim-gateway' \\(user 'client'\\) with the gateway's own client id");
        // the gateway kept its one session: updates keep coming and its link never went down
        int before = client.received().size();
        client.await("updates of " + BOILER + " after the refused clients", r -> uplinks(r, BOILER, before).size() >= 3);
        assertThat(p.stderrLines()).as(p.output()).filteredOn(l -> l.contains("cloud link connected")).hasSize(1);
        assertThat(p.stderrLines()).noneMatch(l -> l.contains("lost") || l.contains("reason code"));
    }

    @Test
    public void aClientThatMayOnlyReadCannotSendCommandsAndTheGatewayDoesNotAct() throws Exception {
        GatewayProcess p = runAndSubscribe();
        client.await("an update of " + BOILER, r -> !uplinks(r, BOILER, 0).isEmpty());
        MqttRecorder.Login login = gateway.localBrokerLogin();

        PeerResult pub = mosquitto("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(p.localBrokerPort()), "-V", "mqttv5",
                "-u", login.user(), "-P", login.password(), "-q", "1", "-t", "mviot/" + GATEWAY + "/commands",
                "-m", modify(BOILER, "setpoint", "12.375"));

        // QoS 1: the broker's PUBACK said "not authorized", so it had decided before mosquitto_pub ended
        assertThat(pub.output()).as("mosquitto_pub of a command").contains("Not authorized");
        // an operator with the gateway's own login (read from the 0600 file) sends a command after it: the gateway
        // carries its commands out in order, so had the refused one arrived, its setpoint would show first
        try (MqttRecorder operator = new MqttRecorder(uri(p), "test-operator", gatewayLogin(), "test/responses")) {
            assertThat(status(command(operator, GATEWAY, modify(BOILER, "setpoint", "33.5"), "corr-after-refused"))).isBetween(200, 299);
        }
        awaitReportedSetpoint(client, 0, 33.5);
        assertThat(client.received()).filteredOn(m -> m.topic().endsWith("/twin/" + BOILER)).noneMatch(m -> m.payload().contains("12.375"));
    }

    /** The gateway's own login at its local broker, from the logins file only the gateway's user may read. */
    private MqttRecorder.Login gatewayLogin() throws java.io.IOException {
        java.util.Properties logins = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(tmp.getRoot().toPath().resolve("gw/data/local-broker/credentials.properties"))) {
            logins.load(r);
        }
        return new MqttRecorder.Login(logins.getProperty("gateway.username"), logins.getProperty("gateway.password"));
    }

    @Test
    public void aCommandSentThroughTheLocalBrokerMovesTheSimulatedSetpoint() throws Exception {
        runGrantedCommands();
        // the link is up once updates arrive through the broker
        client.await("an update of " + BOILER, r -> !uplinks(r, BOILER, 0).isEmpty());

        int before = client.received().size();
        Signal<?> response = command(client, GATEWAY, modify(BOILER, "setpoint", "47.5"), "corr-local-1");

        assertThat(response).isInstanceOf(CommandResponse.class);
        assertThat(status(response)).as("status of the setpoint command").isBetween(200, 299);
        awaitReportedSetpoint(client, before, 47.5);
    }

    @Test
    public void aMalformedPortInConfigAdminIsOneErrorNamingTheKeyAndTheGatewayRunsOn() throws Exception {
        GatewayProcess p = runAndSubscribe();
        Path deploy = tmp.getRoot().toPath().resolve("gw/deploy");

        // FileInstall hands the file to Config Admin; the component restarts with it
        Path cfg = deploy.resolve("org.mviot.edge.broker.local.cfg");
        Files.writeString(deploy.resolve(".broker.cfg.part"), "port=18x3\n");
        Files.move(deploy.resolve(".broker.cfg.part"), cfg, StandardCopyOption.ATOMIC_MOVE);
        String error = p.awaitLog(" ERROR .*local MQTT broker not started: port '18x3' \\(PID org.mviot.edge.broker.local\\): expected a TCP port");

        assertThat(p.stderrLines()).as(p.output()).filteredOn(l -> l.contains(" ERROR ")).containsExactly(error);
        // a valid port again: the broker is back, and the cloud link's updates with it
        Files.writeString(deploy.resolve(".broker.cfg.part"), "port=" + p.localBrokerPort() + "\n");
        Files.move(deploy.resolve(".broker.cfg.part"), cfg, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        int before = client.received().size();
        client.await("an update of " + BOILER + " after the broker came back", r -> !uplinks(r, BOILER, before).isEmpty());
    }

    @Test
    public void aLocalBrokerPortInUseIsOneClearErrorAndTheGatewayIsStillReady() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            GatewayProcess p = GatewayProcess.start(GatewayProcess.distroHome(), tmp.newFolder("gw-busy").toPath(),
                    Map.of(GatewayProcess.LOCAL_BROKER_PORT, Integer.toString(port)), "run");
            try {
                p.awaitStdout(DistroGateway.READY);
                String error = p.awaitLog(" ERROR .*local MQTT broker on 127\\.0\\.0\\.1:" + port + " not started: 127\\.0\\.0\\.1:" + port
                        + " is already in use");

                assertThat(error).contains("--local-broker-port");
                assertThat(p.stderrLines()).as(p.output()).filteredOn(l -> l.contains(" ERROR ")).containsExactly(error);
                assertThat(p.stderrLines()).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
                // the rest of the gateway runs: its shell answers and the simulated devices are online
                String devices = String.join("\n", GatewayProcess.exec(GatewayProcess.distroHome(), tmp.getRoot().toPath().resolve("gw-busy"),
                        "shell", "mviot:devices").stdoutLines());
                assertThat(devices).contains("sim-boiler", "online");
                assertThat(p.terminate()).as("exit code after SIGTERM").isZero();
            } finally {
                p.close();
            }
        }
    }

    @Test
    public void aSecondRunOnTheSameDataDirectoryIsRefusedNamingTheRunningOneWhichKeepsDelivering() throws Exception {
        GatewayProcess first = runAndSubscribe();
        client.await("an update of " + BOILER, r -> !uplinks(r, BOILER, 0).isEmpty());

        GatewayProcess second = GatewayProcess.start(GatewayProcess.distroHome(), tmp.getRoot().toPath().resolve("gw"), Map.of(), "run");
        try {
            assertThat(second.awaitExit()).as(second.output()).isEqualTo(2);
        } finally {
            second.close();
        }
        assertThat(second.stderrLines()).as(second.output())
                .anyMatch(l -> l.contains("already running (pid " + first.pid() + ", started ") && l.contains("--data"));
        assertThat(second.stdoutLines()).noneMatch(l -> l.matches(DistroGateway.READY));

        // the first one was not disturbed: it still owns its session and its queue, and delivers
        int before = client.received().size();
        client.await("updates of " + BOILER + " after the refused second run", r -> uplinks(r, BOILER, before).size() >= 3);
        assertThat(first.stderrLines()).as(first.output()).noneMatch(l -> l.contains(" ERROR ") || l.contains("reason code"));
    }
}
