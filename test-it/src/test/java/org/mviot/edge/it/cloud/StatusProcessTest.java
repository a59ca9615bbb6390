package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.FreePorts;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code mviot-edge status} and the shell's operator commands against the built distribution (sim
 * profile) whose provisioned cloud broker is unreachable: the status comes from the running gateway,
 * not from the cloud, shows the link trying and the queue growing, and every device with its last
 * value; failures of shell commands end with a non-zero exit code; a stopped gateway is exit code 3.
 */
public class StatusProcessTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private DistroGateway gateway;

    @After
    public void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    public void statusShowsTheGatewayTheUnreachableLinkWithItsGrowingQueueAndEveryDeviceThenExit3OnceItStops() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        // nothing listens there: the cloud is unreachable
        String broker = "tcp://127.0.0.1:" + FreePorts.tcp();
        gateway = DistroGateway.provision(work, "status-gw", broker);
        gateway.run();

        List<JsonObject> seen = new ArrayList<>();
        DistroGateway.await("a status with the link connecting, a backlog with its oldest update, a last value of each device and the first gateway report", () -> {
            JsonObject s = json(work);
            seen.add(s);
            JsonObject link = s.getAsJsonObject("link");
            return link.get("state").getAsString().equals("connecting") && link.get("backlogUpdates").getAsLong() > 0
                    && !link.get("oldestQueued").isJsonNull() && link.get("backlogBytes").getAsLong() > 0
                    && devices(s).size() == 2 && devices(s).asList().stream().allMatch(d -> !d.getAsJsonObject().get("lastValue").isJsonNull())
                    // the core's own features come with its first periodic report, a second or two after activation
                    && s.getAsJsonObject("features").has("uplink");
        }, () -> "last status: " + (seen.isEmpty() ? "none" : seen.get(seen.size() - 1)));

        JsonObject s = seen.get(seen.size() - 1);
        JsonObject gw = s.getAsJsonObject("gateway");
        assertThat(gw.get("id").getAsString()).isEqualTo("status-gw");
        assertThat(gw.get("profile").getAsString()).isEqualTo("sim");
        assertThat(gw.get("version").getAsString()).doesNotContain("unknown");
        assertThat(s.getAsJsonObject("link").get("broker").getAsString()).isEqualTo(broker);
        assertThat(s.getAsJsonObject("link").get("lastError").getAsString()).isNotEmpty();
        assertThat(s.getAsJsonObject("features").keySet()).as("the gateway twin's features, contributed ones included")
                .contains("system", "devices", "uplink");
        assertThat(devices(s).asList()).extracting(d -> d.getAsJsonObject().get("id").getAsString()).containsExactlyInAnyOrder("sim-boiler", "sim-pump");
        // the local broker's login, read by the status command from the file the broker generated (its caller may read it)
        java.util.Properties logins = new java.util.Properties();
        try (var r = java.nio.file.Files.newBufferedReader(work.resolve("data/local-broker/credentials.properties"))) {
            logins.load(r);
        }
        JsonObject local = s.getAsJsonObject("localBroker");
        assertThat(local.get("uri").getAsString()).isEqualTo("tcp://127.0.0.1:" + gateway.process().localBrokerPort());
        assertThat(local.get("user").getAsString()).isEqualTo(logins.getProperty("client.username"));
        assertThat(local.get("password").getAsString()).isNotEmpty().isEqualTo(logins.getProperty("client.password"));

        GatewayProcess text = GatewayProcess.exec(GatewayProcess.distroHome(), work, "status");
        assertThat(text.awaitExit()).isZero();
        String out = String.join("\n", text.stdoutLines());
        assertThat(out).containsPattern("(?m)^gateway\\s+status-gw \\(\\S+:status-gw\\), version \\S+, profile sim$");
        assertThat(out).containsPattern("(?m)^cloud\\s+connecting \\(" + broker.replace(".", "\\.") + "\\) since \\S+Z; last error: .+$");
        assertThat(out).containsPattern("(?m)^queue\\s+\\d+ updates waiting \\(.+\\), oldest queued \\S+Z \\(.+ ago\\); \\d+ dropped$");
        assertThat(out).containsPattern("(?m)^sim-boiler\\s+sim\\s+online\\s+\\S+Z\\s+\\S+Z\\s+reading$");
        assertThat(out).contains("local    MQTT broker tcp://127.0.0.1:" + gateway.process().localBrokerPort() + ", logins in ")
                .contains("login    user " + logins.getProperty("client.username") + ", password " + logins.getProperty("client.password") + "\n");

        // the link has tried several times meanwhile (back-off from 250 ms), always refused: one log line says so, not one per try
        assertThat(gateway.process().stderrLines().stream().filter(l -> l.contains("cloud link waiting: cannot connect to " + broker)))
                .hasSize(1).allMatch(l -> l.contains("connection refused: is the broker running and the port right?"));

        assertThat(gateway.process().terminate()).isZero();
        GatewayProcess stopped = GatewayProcess.exec(GatewayProcess.distroHome(), work, "status");
        assertThat(stopped.awaitExit()).isEqualTo(3);
        assertThat(stopped.stderrLines()).anyMatch(l -> l.contains("no running gateway"));
    }

    @Test
    public void shellCommandsFailWithANonZeroExitCodeAndHelpDocumentsThem() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        gateway = DistroGateway.unprovisioned(work);
        gateway.run();
        Path home = GatewayProcess.distroHome();

        GatewayProcess nosuch = GatewayProcess.exec(home, work, "shell", "mviot:channels", "nosuch");
        assertThat(nosuch.awaitExit()).isEqualTo(1);
        assertThat(nosuch.stdoutLines()).anyMatch(l -> l.contains("no device 'nosuch' (see: mviot:devices)"));

        GatewayProcess rejected = GatewayProcess.exec(home, work, "shell", "mviot:write", "sim-boiler", "setpoint", "500");
        assertThat(rejected.awaitExit()).isEqualTo(1);
        assertThat(rejected.stdoutLines()).anyMatch(l -> l.contains("rejected: ") && l.contains("out of range"));

        GatewayProcess written = GatewayProcess.exec(home, work, "shell", "mviot:write", "sim-boiler", "setpoint", "55");
        assertThat(written.awaitExit()).isZero();
        assertThat(written.stdoutLines()).contains("written: sim-boiler setpoint = 55.0");

        GatewayProcess help = GatewayProcess.exec(home, work, "shell", "help", "mviot:twins");
        assertThat(help.awaitExit()).isZero();
        assertThat(String.join("\n", help.stdoutLines())).contains("lists every twin with its latest values");
        GatewayProcess statusHelp = GatewayProcess.exec(home, work, "shell", "help", "mviot:status");
        assertThat(String.join("\n", statusHelp.stdoutLines())).contains("--json").contains("answer JSON with stable field names");

        GatewayProcess twins = GatewayProcess.exec(home, work, "shell", "mviot:twins");
        assertThat(twins.awaitExit()).isZero();
        assertThat(String.join("\n", twins.stdoutLines())).containsPattern("(?m)^  strokes/value\\s+\\d+\\s+good\\s+\\S+Z$")
                .doesNotContain("Backlog[");

        GatewayProcess reprovision = GatewayProcess.exec(home, work, "provision", "--id", "renamed-gw");
        assertThat(reprovision.awaitExit()).isZero();
        assertThat(reprovision.stdoutLines()).anyMatch(l -> l.contains("pid " + gateway.process().pid())
                && l.contains("starting 'mviot-edge run' again"));
    }

    private static JsonObject json(Path work) {
        try {
            GatewayProcess p = GatewayProcess.exec(GatewayProcess.distroHome(), work, "status", "--json");
            int code = p.awaitExit();
            if (code != 0) {
                throw new AssertionError("status --json exited " + code + "\n" + p.output());
            }
            JsonElement e = JsonParser.parseString(String.join("\n", p.stdoutLines()));
            return e.getAsJsonObject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonArray devices(JsonObject status) {
        return status.getAsJsonArray("devices");
    }
}
