package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.BOILER;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.awaitReportedSetpoint;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.command;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.status;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.uplinks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.base.model.signals.commands.ErrorResponse;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * The built distribution against a real Mosquitto with a command policy (issue 13, part 2): a policy
 * provisioned with {@code mviot-edge provision --policy} lets one originator set the boiler's setpoint
 * and nothing else; another path, another originator, and (once the policy requires signatures) an
 * unsigned or replayed command are answered 403 naming the rule, and the device keeps its value
 * (read from the running gateway with {@code mviot:channels}). A hardware profile without a policy
 * denies everything and says which file to create.
 */
public class CommandPolicyProcessTest {

    private static final String GW = "gw-policy";
    private static final String OPERATOR = "ditto:operator";
    private static final String BOILER_TOPIC = "org.mviot.demo/sim-boiler/things/twin/commands/modify";
    private static final String SETPOINT_PATH = "/features/setpoint/desiredProperties/value";
    private static final Pattern SETPOINT_VALUE = Pattern.compile("(?m)^setpoint\\s.*?\\s(\\d+(?:\\.\\d+)?)(?:\\s+@.*)?$");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private MosquittoBroker broker;
    private MqttRecorder cloud;
    private DistroGateway gateway;
    private Path work;
    private int sent;

    @Before
    public void startBroker() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        cloud = new MqttRecorder(broker.uri(), "cloud-" + GW, "mviot/" + GW + "/#", "test/responses");
    }

    @After
    public void stopEverything() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            try {
                cloud.close();
            } finally {
                broker.close();
            }
        }
    }

    private static String policy(String signatures) {
        return "{\"policyId\": \"it:gw-policy\", " + signatures + "\"entries\": {\"operators\": {"
                + "\"subjects\": {\"" + OPERATOR + "\": {\"type\": \"test\"}},"
                + "\"resources\": {\"thing:/features/setpoint/desiredProperties\": {\"grant\": [\"WRITE\"], \"revoke\": []}}}}}";
    }

    private static String setpoint(String originator, String value, String signature) {
        return "{\"topic\":\"" + BOILER_TOPIC + "\",\"headers\":{\"correlation-id\":\"c-" + value + "\",\"ditto-originator\":\"" + originator + "\""
                + (signature == null ? "" : ",\"mviot-signature\":\"" + signature + "\"") + "},\"path\":\"" + SETPOINT_PATH + "\",\"value\":" + value + "}";
    }

    private Signal<?> send(String payload) throws Exception {
        return command(cloud, GW, payload, "policy-" + sent++);
    }

    private static String reason(Signal<?> s) {
        return ((ErrorResponse<?>) s).getDittoRuntimeException().getMessage();
    }

    /** The boiler's setpoint as the running gateway holds it (the value read back from the device after each write). */
    private double deviceSetpoint() throws Exception {
        String out = gateway.cli("shell", "mviot:channels", "sim-boiler");
        Matcher m = SETPOINT_VALUE.matcher(out);
        assertThat(m.find()).as("setpoint line in:\n" + out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private void assertDenied(Signal<?> s, String because) throws Exception {
        assertThat(s).isInstanceOf(ErrorResponse.class);
        assertThat(status(s)).isEqualTo(403);
        assertThat(reason(s)).contains(because);
    }

    @Test
    public void onlyTheGrantedOriginatorAndPathMoveTheDeviceAndUnsignedOrReplayedCommandsAreRefusedOnceSignaturesAreRequired() throws Exception {
        work = tmp.newFolder("gw").toPath();
        gateway = DistroGateway.provision(work, GW, broker.uri());
        Path file = tmp.newFile("policy.json").toPath();
        Files.writeString(file, policy(""));
        assertThat(gateway.cli("provision", "--policy", file.toString())).contains("1 entries").contains("signatures off");
        Path installed = work.resolve("conf/policy.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed))).isEqualTo("rw-------");
        Path bad = tmp.newFile("bad-policy.json").toPath();
        Files.writeString(bad, policy("").replace("\"WRITE\"", "\"WIRTE\""));
        GatewayProcess refused = GatewayProcess.exec(GatewayProcess.distroHome(), work, "provision", "--policy", bad.toString());
        assertThat(refused.awaitExit()).as(refused.output()).isEqualTo(2);
        assertThat(refused.stderrLines()).anyMatch(l -> l.contains(bad + " at $.entries.operators.resources.thing:/features/setpoint/desiredProperties"
                + ".grant[0]: unknown permission 'WIRTE'"));
        assertThat(Files.readString(installed)).as("a refused policy replaces nothing").isEqualTo(policy(""));
        assertThat(gateway.cli("check")).contains("command policy " + installed.toAbsolutePath() + ": 1 entries, 1 WRITE rules, signatures off");
        GatewayProcess p = gateway.run();
        p.awaitLog("command policy .*policy.json.* in force");
        cloud.await("the definition of " + BOILER, r -> uplinks(r, BOILER, 0).stream().anyMatch(GatewayCloudProcessTest.Uplink::definition));

        int before = cloud.received().size();
        Signal<?> ok = send(setpoint(OPERATOR, "41.5", null));
        assertThat(status(ok)).as("status of the granted command").isBetween(200, 299);
        awaitReportedSetpoint(cloud, before, 41.5);
        assertThat(deviceSetpoint()).isEqualTo(41.5);

        assertDenied(send(setpoint("ditto:intruder", "77", null)), "no grant for subject 'ditto:intruder'");
        assertDenied(send("{\"topic\":\"org.mviot.demo/sim-pump/things/twin/commands/modify\",\"headers\":{\"ditto-originator\":\"" + OPERATOR
                + "\"},\"path\":\"/features/enabled/desiredProperties/value\",\"value\":false}"), "no grant for subject 'ditto:operator' on resource "
                + "'thing:/features/enabled/desiredProperties/value'");
        assertThat(deviceSetpoint()).as("the setpoint after the denied commands").isEqualTo(41.5);

        // signatures on: an Ed25519 key pinned beside the policy, the policy provisioned while the gateway runs
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.createDirectories(work.resolve("conf/keys"));
        Files.writeString(work.resolve("conf/keys/ops.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(file, policy("\"signatures\": {\"required\": true, \"maxSkewSeconds\": 60, \"keys\": {\"ops\": {\"file\": \"keys/ops.pem\", "
                + "\"subjects\": [\"" + OPERATOR + "\"]}}}, "));
        assertThat(gateway.cli("provision", "--policy", file.toString())).contains("signatures required");
        p.awaitLog("command policy .* in force: .* signatures required");

        assertDenied(send(setpoint(OPERATOR, "50", null)), "unsigned command");
        String signed52 = setpoint(OPERATOR, "52.5", sign(key, "52.5", "jti-1"));
        before = cloud.received().size();
        assertThat(status(send(signed52))).as("status of the signed command").isBetween(200, 299);
        awaitReportedSetpoint(cloud, before, 52.5);
        before = cloud.received().size();
        assertThat(status(send(setpoint(OPERATOR, "60", sign(key, "60", "jti-2"))))).isBetween(200, 299);
        awaitReportedSetpoint(cloud, before, 60);

        assertDenied(send(signed52), "replayed: JWS id 'jti-1'");
        assertDenied(send(setpoint("ditto:intruder", "52.5", sign(key, "52.5", "jti-3"))), "no grant for subject 'ditto:intruder'");
        assertThat(deviceSetpoint()).as("the setpoint after the unsigned and replayed commands").isEqualTo(60);
        assertThat(p.stderrLines()).anyMatch(l -> l.contains("DENIED, replayed"));
        // counted in the gateway twin's authorization feature, with the last reason
        cloud.await("5 denials in the gateway twin's authorization feature", r -> r.stream()
                .anyMatch(m -> m.payload().contains("authorization") && m.payload().contains("\"denied\":5")));
        cloud.await("the last denial's reason in the gateway twin", r -> r.stream()
                .anyMatch(m -> m.payload().contains("authorization") && m.payload().contains("lastDenied")
                        && m.payload().contains("no grant for subject 'ditto:intruder' on resource 'thing:/features/setpoint")));
    }

    @Test
    public void aHardwareProfileWithoutAPolicyDeniesEveryCommandAndNamesTheFileToCreate() throws Exception {
        work = tmp.newFolder("gw-hw").toPath();
        gateway = DistroGateway.provision(work, GW, broker.uri());
        gateway.cli("provision", "--id", GW, "--broker", broker.uri(), "--profile", "generic-linux");
        assertThat(gateway.cli("check")).contains("every command is DENIED until one is provisioned");
        GatewayProcess p = gateway.run();
        String warn = p.awaitLog("no command policy .*: every command is DENIED until you create it");
        assertThat(warn).contains(work.resolve("conf/policy.json").toString()).contains("mviot-edge provision --policy");
        // the link is up (and subscribed) once the gateway twin arrives; it tells the deny-all too
        cloud.await("the gateway twin telling deny-all", r -> r.stream()
                .anyMatch(m -> m.payload().contains("\"authorization\"") && m.payload().contains("deny-all: no ")));

        assertDenied(send(setpoint(OPERATOR, "41.5", null)), "no grant for subject 'ditto:operator'");
    }

    /** A compact JWS (EdDSA) over the setpoint command, as a cloud application holding the private key makes it. */
    private static String sign(KeyPair key, String value, String jti) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = "{\"topic\":\"" + BOILER_TOPIC + "\",\"path\":\"" + SETPOINT_PATH + "\",\"value\":" + value + ",\"sub\":\"" + OPERATOR
                + "\",\"iat\":" + System.currentTimeMillis() / 1000 + ",\"jti\":\"" + jti + "\"}";
        String input = b64.encodeToString("{\"alg\":\"EdDSA\",\"kid\":\"ops\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }
}
