package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.AutoCipher;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * Personal data on the built distribution with a real Mosquitto: a simulated badge reader whose
 * channels are marked {@code "pii": "hash"}, {@code "encrypt"} and {@code "drop"}, each holding a
 * marker value, beside an unmarked control channel; the cloud link's queue is sealed too
 * ({@code queue.encrypt=true}) and the gateway logs at trace level (every reading). The markers
 * never reach the broker, the gateway's log or any file it writes; the hash token is the keyed
 * HMAC of the value and the same after a restart; the encrypted value opens with the cloud's key;
 * the dropped channel is not even defined. The control value does reach the broker and the trace
 * log, so the test sees what it would have to see if protection failed.
 */
public class PersonalDataProcessTest {

    private static final String THING = "org.mviot.test:badge";
    private static final String HASHED = "MARKER-HASH-9d41c";
    private static final String ENCRYPTED = "MARKER-ENC-77c2e";
    private static final String DROPPED = "MARKER-DROP-1b9ea";
    private static final String CONTROL = "CONTROL-5e0f3";
    private static final List<String> MARKERS = List.of(HASHED, ENCRYPTED, DROPPED);
    private static final String DEVICE = """
            {"id": "badge", "driver": "sim", "thing": "%s",
             "channels": [
               {"name": "holder", "type": "string", "poll": "50ms", "pii": "hash", "address": {"signal": "setpoint", "initial": "%s"}},
               {"name": "email", "type": "string", "poll": "50ms", "pii": "encrypt", "address": {"signal": "setpoint", "initial": "%s"}},
               {"name": "face", "type": "string", "poll": "50ms", "pii": "drop", "address": {"signal": "setpoint", "initial": "%s"}},
               {"name": "note", "type": "string", "poll": "50ms", "address": {"signal": "setpoint", "initial": "%s"}}]}
            """.formatted(THING, HASHED, ENCRYPTED, DROPPED, CONTROL);
    /** Only the holder is hashed and only the email encrypted: the first token of each kind is theirs. */
    private static final Pattern HOLDER = Pattern.compile("hmac-sha256:[A-Za-z0-9_-]+");
    private static final Pattern EMAIL = Pattern.compile("aes-gcm:[A-Za-z0-9_-]+");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private MosquittoBroker broker;
    private MqttRecorder cloud;
    private DistroGateway gateway;
    private Path work;

    @Before
    public void start() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        cloud = new MqttRecorder(broker.uri(), "cloud-pii", "mviot/gw-pii/#");
        work = tmp.newFolder("gw").toPath();
        gateway = DistroGateway.provision(work, "gw-pii", broker.uri());
        Files.writeString(Files.createDirectories(work.resolve("conf/devices")).resolve("badge.json"), DEVICE);
        Files.writeString(Files.createDirectories(work.resolve("deploy")).resolve("org.mviot.edge.cloud.mqtt.cfg"), "queue.encrypt=true\n");
    }

    @After
    public void stop() throws Exception {
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

    private List<MqttRecorder.Received> awaitBadge(int from) throws InterruptedException {
        return cloud.await("the badge's control value, holder token and email token", r -> {
            String all = joined(r.subList(Math.min(from, r.size()), r.size()));
            return all.contains(CONTROL) && all.contains("hmac-sha256:") && all.contains("aes-gcm:") && all.contains("\"sealing\":");
        });
    }

    private static String joined(List<MqttRecorder.Received> r) {
        StringBuilder b = new StringBuilder();
        for (MqttRecorder.Received m : r) {
            b.append(m.topic()).append(' ').append(m.payload()).append('\n');
        }
        return b.toString();
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s in %s", p, text).isTrue();
        return m.group();
    }

    /** Every file under the gateway's directory but its configuration (where the device file names the sim's values). */
    private List<Path> filesHolding(String marker) throws Exception {
        List<Path> out = new ArrayList<>();
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.walk(work)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.startsWith(work.resolve("conf"))).toList()) {
                if (indexOf(Files.readAllBytes(p), needle) >= 0) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    public void markedValuesNeverReachTheBrokerTheLogTheShellOrTheDiskInClearAndTheHashIsStableAcrossARestart() throws Exception {
        GatewayProcess p = gateway.run(Map.of("MVIOT_LOG_LEVEL", "trace"));
        String seen = joined(awaitBadge(0));
        String channels = gateway.cli("shell", "mviot:channels", "badge");
        String twins = gateway.cli("shell", "mviot:twins");
        String holder = first(HOLDER, seen);
        String email = first(EMAIL, seen);
        p.terminate();
        String log = p.output();

        // the control value went everywhere a marker would have gone
        assertThat(seen).contains(CONTROL);
        assertThat(log).as("trace log of readings").contains(CONTROL);
        assertThat(channels).contains(CONTROL).contains(holder);
        for (String marker : MARKERS) {
            assertThat(seen).as("broker").doesNotContain(marker);
            assertThat(log).as("gateway log").doesNotContain(marker);
            assertThat(channels + twins).as("shell").doesNotContain(marker);
            assertThat(filesHolding(marker)).as("files holding %s", marker).isEmpty();
        }
        // the control value is not on disk in clear either: the queue is sealed
        assertThat(filesHolding(CONTROL)).as("files holding the control value").isEmpty();
        assertThat(seen).contains("\"sealing\":\"" + AutoCipher.of("sim") + "\"");

        // drop: not in the twin, not in its definition
        assertThat(seen).doesNotContain("\"face\"").doesNotContain("/features/face");
        // hash: the keyed HMAC of the typed value, with the gateway's key
        byte[] hmacKey = Files.readAllBytes(work.resolve("data/core/pii-hmac.key"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
        assertThat(holder).isEqualTo("hmac-sha256:" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(("s:" + HASHED).getBytes(StandardCharsets.UTF_8))));
        // encrypt: the cloud opens it with its key, for this property only
        byte[] cloudKey = Files.readAllBytes(work.resolve("data/core/pii-cloud.key"));
        byte[] sealed = Base64.getUrlDecoder().decode(email.substring("aes-gcm:".length()));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cloudKey, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        c.updateAAD((THING + "/email/value").getBytes(StandardCharsets.UTF_8));
        assertThat(new String(c.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8)).isEqualTo("s:" + ENCRYPTED);

        // a restart: the same value gives the same token
        int before = cloud.received().size();
        gateway.run();
        List<MqttRecorder.Received> all = awaitBadge(before);
        String after = joined(all.subList(before, all.size()));
        assertThat(first(HOLDER, after)).isEqualTo(holder);
        for (String marker : MARKERS) {
            assertThat(after).doesNotContain(marker);
        }
    }
}
