package org.mviot.edge.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandAuthorizer.Decision;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.security.internal.policy.PolicyParser;

class AuthorizationTest {

    private static final ThingId BOILER = new ThingId("ns", "boiler");
    private static final Command.Request REQUEST = new Command.Request("ns/boiler/things/twin/commands/modify",
            "/features/setpoint/desiredProperties/value", "41", "");

    @TempDir
    Path dir;

    private Authorization authorization(String policy) throws Exception {
        if (policy != null) {
            Files.writeString(dir.resolve("policy.json"), policy);
        }
        PolicyFileWatch w = new PolicyFileWatch(dir.resolve("policy.json"), PolicyWhenMissing.DENY, System::currentTimeMillis,
                PolicyParser.parse(Path.of("demo"), "{\"entries\":{}}"));
        w.refresh();
        return new Authorization(w);
    }

    private static Command fromNetwork(String sender) {
        return new Command("c1", BOILER, "setpoint", "value", 41L, sender, null, REQUEST);
    }

    @Test
    void decisionsAreCountedAndTheLastDenialIsKeptForTheGatewayTwin() throws Exception {
        Authorization a = authorization("{\"entries\":{\"ops\":{\"subjects\":[\"ops\"],\"resources\":{\"thing:/features/setpoint\":{\"grant\":[\"WRITE\"]}}}}}");
        assertThat(a.decide(fromNetwork("ops")).allowed()).isTrue();
        Decision d = a.decide(fromNetwork("eve"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo("no grant for subject 'eve' on resource 'thing:/features/setpoint/desiredProperties/value'");
        assertThat(a.properties()).containsEntry("allowed", 1L).containsEntry("denied", 1L).containsEntry("lastDenied", d.reason())
                .containsEntry("signatures", "off");
        assertThat((String) a.properties().get("policy")).contains("1 entries");
    }

    @Test
    void withoutAPolicyEveryNetworkCommandIsDeniedButTheOwnersShellStillWrites() throws Exception {
        Authorization a = authorization(null);
        assertThat(a.decide(fromNetwork("shell")).allowed()).as("a network sender calling itself shell").isFalse();
        assertThat(a.decide(new Command("shell-1", BOILER, "setpoint", "value", 41L, "shell")).allowed()).isTrue();
        assertThat(a.properties()).containsEntry("denied", 1L).containsEntry("allowed", 1L);
    }
}
