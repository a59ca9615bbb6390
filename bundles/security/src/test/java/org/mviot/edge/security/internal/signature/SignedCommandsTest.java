package org.mviot.edge.security.internal.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.ThingId;

class SignedCommandsTest {

    private static final String TOPIC = "mviot/gw/things/twin/commands/modify";
    private static final String PATH = "/features/relay/desiredProperties/on";
    private static final ThingId THING = new ThingId("mviot", "gw");

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private Signer es;
    private Signer ed;
    private SignedCommands check;

    @BeforeEach
    void keys() throws Exception {
        es = Signer.es256("ops");
        ed = Signer.ed25519("robot");
        es.writePublicKey(dir.resolve("ops.pem"));
        ed.writePublicKey(dir.resolve("robot.pem"));
        check = new SignedCommands(new SignatureSettings(true, 30, 100, Map.of(
                "ops", PinnedKey.read("ops", dir.resolve("ops.pem"), Set.of("ditto:operator")),
                "robot", PinnedKey.read("robot", dir.resolve("robot.pem"), Set.of("robot:1")))), now::get);
    }

    private static Command command(String sender, String path, String value, String jws) {
        return new Command("c1", THING, "relay", "on", Boolean.valueOf(value), sender, "thing:/features/relay/desiredProperties/on",
                new Command.Request(TOPIC, path, value, jws));
    }

    private long iat() {
        return now.get() / 1000;
    }

    @Test
    void anEs256SignatureOverTheCommandFromAPinnedKeyPasses() throws Exception {
        assertThat(check.check(command("ditto:operator", PATH, "true", es.sign(TOPIC, PATH, "true", "ditto:operator", iat(), "j1")))).isNull();
    }

    @Test
    void anEdDsaSignatureOverTheCommandFromAPinnedKeyPasses() throws Exception {
        assertThat(check.check(command("robot:1", PATH, "true", ed.sign(TOPIC, PATH, "true", "robot:1", iat(), "j1")))).isNull();
    }

    @Test
    void anUnsignedCommandIsRefused() {
        assertThat(check.check(command("ditto:operator", PATH, "true", ""))).startsWith("unsigned command");
    }

    @Test
    void theSameSignedCommandSentAgainIsRefusedAsAReplay() throws Exception {
        String jws = es.sign(TOPIC, PATH, "true", "ditto:operator", iat(), "j1");
        assertThat(check.check(command("ditto:operator", PATH, "true", jws))).isNull();
        now.addAndGet(5_000);
        assertThat(check.check(command("ditto:operator", PATH, "true", jws))).startsWith("replayed: JWS id 'j1'");
    }

    @Test
    void aSignatureOutsideTheTimeWindowIsRefused() throws Exception {
        String jws = es.sign(TOPIC, PATH, "true", "ditto:operator", iat() - 31, "j1");
        assertThat(check.check(command("ditto:operator", PATH, "true", jws))).contains("over the window of 30 s");
        jws = es.sign(TOPIC, PATH, "true", "ditto:operator", iat() + 31, "j2");
        assertThat(check.check(command("ditto:operator", PATH, "true", jws))).contains("over the window of 30 s");
    }

    @Test
    void aValueOrPathOtherThanTheSignedOneIsRefused() throws Exception {
        String jws = es.sign(TOPIC, PATH, "false", "ditto:operator", iat(), "j1");
        assertThat(check.check(command("ditto:operator", PATH, "true", jws))).isEqualTo("signed value is not the command's value");
        jws = es.sign(TOPIC, "/features/relay/desiredProperties/off", "true", "ditto:operator", iat(), "j2");
        assertThat(check.check(command("ditto:operator", PATH, "true", jws))).contains("are not the command's");
    }

    @Test
    void anotherOriginatorThanTheKeyIsPinnedForIsRefused() throws Exception {
        String jws = ed.sign(TOPIC, PATH, "true", "ditto:operator", iat(), "j1");
        assertThat(check.check(command("ditto:operator", PATH, "true", jws))).isEqualTo("key 'robot' is not pinned for originator 'ditto:operator'");
    }

    @Test
    void aSignatureByAnUnpinnedKeyUnderAPinnedKidDoesNotVerify() throws Exception {
        String jws = Signer.es256("ops").sign(TOPIC, PATH, "true", "ditto:operator", iat(), "j1");
        assertThat(check.check(command("ditto:operator", PATH, "true", jws))).isEqualTo("signature does not verify with key 'ops'");
    }

    @Test
    void aTamperedPayloadDoesNotVerify() throws Exception {
        String jws = es.sign(TOPIC, PATH, "true", "ditto:operator", iat(), "j1");
        String[] parts = jws.split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new String(java.util.Base64.getUrlDecoder()
                .decode(parts[1])).replace("true", "false").getBytes());
        assertThat(check.check(command("ditto:operator", PATH, "false", parts[0] + "." + forged + "." + parts[2])))
                .isEqualTo("signature does not verify with key 'ops'");
    }

    @Test
    void eachPropertyOfOneSignedMergePassesOnceAndOnlyOnce() throws Exception {
        String value = "{\"on\":true,\"level\":3}";
        String jws = es.sign(TOPIC, "/features/relay/desiredProperties", value, "ditto:operator", iat(), "m1");
        Command on = new Command("c#0", THING, "relay", "on", true, "ditto:operator", "thing:/features/relay/desiredProperties/on",
                new Command.Request(TOPIC, "/features/relay/desiredProperties", value, jws));
        Command level = new Command("c#1", THING, "relay", "level", 3L, "ditto:operator", "thing:/features/relay/desiredProperties/level",
                new Command.Request(TOPIC, "/features/relay/desiredProperties", value, jws));
        assertThat(check.check(on)).isNull();
        assertThat(check.check(level)).isNull();
        assertThat(check.check(level)).startsWith("replayed");
    }

    @Test
    void aFullReplayCacheRefusesNewSignedCommandsRatherThanForgetRecentIds() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(check.check(command("ditto:operator", PATH, "true", es.sign(TOPIC, PATH, "true", "ditto:operator", iat(), "j" + i)))).isNull();
        }
        assertThat(check.check(command("ditto:operator", PATH, "true", es.sign(TOPIC, PATH, "true", "ditto:operator", iat(), "x"))))
                .startsWith("replay cache full");
        now.addAndGet(31_000);
        assertThat(check.check(command("ditto:operator", PATH, "true", es.sign(TOPIC, PATH, "true", "ditto:operator", iat(), "y")))).isNull();
    }

    @Test
    void withSignaturesOffNothingIsChecked() {
        assertThat(new SignedCommands(SignatureSettings.OFF, now::get).check(command("x", PATH, "true", ""))).isNull();
    }
}
