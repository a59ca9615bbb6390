package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.PeerProcess;
import org.mviot.edge.testsupport.Started;
import org.mviot.edge.testsupport.TestCertificates;
import org.mviot.edge.testsupport.TestCertificates.Issued;
import org.mviot.edge.testsupport.TestCertificates.KeyType;

/**
 * The built distribution against Mosquitto with the credentials an installer provisions:
 * mutual TLS from a PKCS#12 file with a broker that takes the certificate's name as the user and
 * an ACL that gives each gateway its own topics; a user name and password from a file; a key that
 * does not match its certificate. Certificates are made here with openssl ({@link TestCertificates}).
 */
public class TlsBrokerProcessTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private Path dir;

    private final Started started = new Started();

    @Before
    public void makeDirectory() {
        dir = tmp.getRoot().toPath();
    }

    @After
    public void stopEverything() {
        started.close();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    /** mosquitto_sub with MQTT v5, printing topic and payload per line; ended by its PID. */
    private PeerProcess subscriber(String id, List<String> credentials, String... filters) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_sub", "-V", "mqttv5", "-h", "127.0.0.1", "-i", id, "-v"));
        cmd.addAll(credentials);
        for (String f : filters) {
            cmd.addAll(List.of("-t", f));
        }
        return started.add(PeerProcess.start(id, cmd));
    }

    private static List<String> tls(MosquittoBroker broker, TestCertificates ca, Issued client) {
        return List.of("-p", Integer.toString(broker.port()), "--cafile", ca.certificate().toString(), "--cert", client.certificate().toString(),
                "--key", client.key().toString());
    }

    @Test
    public void provisionedFromPkcs12TheGatewayConnectsWithMutualTlsAndOnlyItsOwnIdentityReadsItsTopics() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir.resolve("pki"), "edge-ca", 365);
        Issued brokerCert = ca.issue("broker", KeyType.RSA, 365, "IP:127.0.0.1", "DNS:localhost");
        Issued gw = ca.issue("gw-tls", KeyType.EC, 20); // within 30 days: the twin and the log warn
        Issued observer = ca.issue("observer", KeyType.EC, 365);
        Issued intruder = ca.issue("intruder", KeyType.EC, 365);
        Path p12 = ca.pkcs12(gw, "p12-secret");
        Path p12Password = write("p12.pw", "p12-secret\n");
        // each identity reads and writes under mviot/<its certificate's name>/; the observer reads everything
        Path acl = write("acl", "user observer\ntopic read mviot/#\n\npattern readwrite mviot/%u/#\n");
        MosquittoBroker broker = started.add(MosquittoBroker.start(dir.resolve("broker"), List.of("allow_anonymous false",
                "cafile " + ca.certificate(), "certfile " + brokerCert.certificate(), "keyfile " + brokerCert.key(),
                "require_certificate true", "use_identity_as_username true", "acl_file " + acl)));

        PeerProcess watcher = subscriber("observer", tls(broker, ca, observer), "mviot/#");
        PeerProcess spy = subscriber("intruder", tls(broker, ca, intruder), "mviot/#", "mviot/intruder/#");
        List<String> ping = new ArrayList<>(List.of("mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-i", "intruder-pub", "-r",
                "-t", "mviot/intruder/ping", "-m", "spy-is-listening"));
        ping.addAll(tls(broker, ca, intruder));
        assertThat(new ProcessBuilder(ping).inheritIO().start().waitFor()).as("mosquitto_pub as intruder").isZero();
        spy.awaitLine("mviot/intruder/ping spy-is-listening");

        DistroGateway g = started.add(DistroGateway.provision(dir.resolve("gw"), "gw-tls", broker.sslUri(), "--ca", ca.certificate().toString(),
                "--cert", p12.toString(), "--cert-password-file", p12Password.toString()));
        assertThat(g.provisionOutput()).contains("tls client certificate ").contains("CN=gw-tls").contains("signed by CA CN=edge-ca")
                .containsPattern("warning: broker.tls.certificate .* certificate expires in 19 days");
        Path keys = g.work().resolve("conf/keys");
        assertThat(Files.getPosixFilePermissions(keys.resolve("client.key"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(g.cli("check")).contains("key " + keys.resolve("client.key") + " matches");

        GatewayProcess p = g.run();
        watcher.awaitLine("mviot/gw-tls/state .*\"state\":\"connected\".*");
        p.awaitLog("cloud link connected: connected to ssl://127.0.0.1:" + broker.port() + " as gw-tls");
        // the gateway twin's tls feature, with its 30-day warning; the same warning in the log
        watcher.awaitLine("mviot/gw-tls/twin/.*client\\.expiresInDays.*");
        watcher.awaitLine("mviot/gw-tls/twin/.*client certificate .*client\\.pem expires in 19 days.*");
        p.awaitLog("cloud link TLS: client certificate .*client\\.pem expires in 19 days");
        // the gateway's telemetry keeps flowing to the observer; by then the intruder would have had some of it
        int before = watcher.output().split("\n").length;
        Await.until("two more twin messages of gw-tls for the observer",
                () -> watcher.output().split("\n").length >= before + 2 && watcher.output().contains("mviot/gw-tls/twin/"));
        assertThat(spy.output()).as("what the intruder's identity received").doesNotContain("mviot/gw-tls");
    }

    @Test
    public void aWrongPasswordIsToldWithoutThePasswordAndTheCorrectedFileIsUsedAtTheNextRetryWithTheQueueIntact() throws Exception {
        Path passwords = dir.resolve("passwords");
        for (String[] user : new String[][] {{"gw-pw", "right-secret"}, {"observer", "observer-secret"}}) {
            List<String> cmd = new ArrayList<>(List.of("mosquitto_passwd", "-b"));
            if (!Files.exists(passwords)) {
                cmd.add("-c");
            }
            cmd.addAll(List.of(passwords.toString(), user[0], user[1]));
            assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).as("mosquitto_passwd").isZero();
        }
        MosquittoBroker broker = started.add(MosquittoBroker.start(dir.resolve("broker"),
                List.of("allow_anonymous false", "password_file " + passwords)));
        PeerProcess watcher = subscriber("observer", List.of("-p", Integer.toString(broker.port()), "-u", "observer", "-P", "observer-secret"),
                "mviot/#");
        Path wrong = write("wrong.pw", "wrong-secret\n");

        DistroGateway g = started.add(DistroGateway.provision(dir.resolve("gw"), "gw-pw", broker.uri(), "--username", "gw-pw",
                "--password-file", wrong.toString()));
        GatewayProcess p = g.run();
        p.awaitLog("cannot connect to .*: broker refused: (not authorized|bad user name or password)");
        Await.until("twin updates queued while the broker refuses", () -> queued(g) > 0);
        long queuedWhileRefused = queued(g);
        assertThat(watcher.output()).doesNotContain("mviot/gw-pw");

        Files.writeString(g.work().resolve("conf/keys/broker.password"), "right-secret");
        p.awaitLog("cloud link connected: connected to " + broker.uri() + " as gw-pw");
        // every update queued while the broker refused arrives: the queue kept them
        Await.until("the " + queuedWhileRefused + " updates queued while refused, delivered", () -> delivered(watcher) >= queuedWhileRefused,
                watcher::output);
        // each thing's updates arrive from its first one (its definition, made at start while refused) without a gap
        String definition = watcher.awaitLine("mviot/gw-pw/twin/\\S+ .*\"definition\".*");
        String thing = definition.substring("mviot/gw-pw/twin/".length(), definition.indexOf(' '));
        Await.until("the updates of " + thing + " from its definition on without a gap", () -> contiguousFromFirst(watcher, thing, definition),
                watcher::output);
        assertThat(p.output()).doesNotContain("wrong-secret").doesNotContain("right-secret");
        assertThat(g.provisionOutput()).doesNotContain("wrong-secret");
    }

    private static long queued(DistroGateway g) {
        try {
            return g.publishedCount();
        } catch (Exception e) {
            return 0; // the shell is not up yet
        }
    }

    private static final java.util.regex.Pattern UPDATES = java.util.regex.Pattern.compile("\"updates\":\"?(\\d+)");

    /** Twin updates in the messages the watcher received: a batch says how many it holds. */
    private static long delivered(PeerProcess watcher) {
        long n = 0;
        for (String line : watcher.output().split("\n")) {
            if (line.contains("/twin/")) {
                java.util.regex.Matcher m = UPDATES.matcher(line);
                n += m.find() ? Long.parseLong(m.group(1)) : 1;
            }
        }
        return n;
    }

    private static final java.util.regex.Pattern SEQUENCE = java.util.regex.Pattern.compile("\"sequence\":\"(\\d+)\"");
    private static final java.util.regex.Pattern FIRST = java.util.regex.Pattern.compile("\"sequence-first\":\"(\\d+)\"");

    /** Whether the messages of one thing cover its sequence numbers from the definition's to the newest, at least 10 of them. */
    private static boolean contiguousFromFirst(PeerProcess watcher, String thing, String definition) {
        java.util.regex.Matcher d = SEQUENCE.matcher(definition);
        if (!d.find()) {
            throw new AssertionError("no sequence header in the definition " + definition);
        }
        long start = Long.parseLong(d.group(1));
        java.util.TreeMap<Long, Long> ranges = new java.util.TreeMap<>();
        for (String line : watcher.output().split("\n")) {
            if (!line.startsWith("mviot/gw-pw/twin/" + thing + " ")) {
                continue;
            }
            java.util.regex.Matcher last = SEQUENCE.matcher(line);
            if (last.find()) {
                java.util.regex.Matcher first = FIRST.matcher(line);
                long l = Long.parseLong(last.group(1));
                ranges.merge(first.find() ? Long.parseLong(first.group(1)) : l, l, Math::max);
            }
        }
        long covered = start - 1;
        for (java.util.Map.Entry<Long, Long> r : ranges.entrySet()) {
            if (r.getKey() < start) {
                throw new AssertionError(thing + " has updates numbered before its definition (" + start + "): " + ranges);
            }
            if (r.getKey() > covered + 1) {
                return false; // a gap, for now: redeliveries may still fill it
            }
            covered = Math.max(covered, r.getValue());
        }
        return covered - start >= 10;
    }

    @Test
    public void aKeyThatDoesNotMatchItsCertificateIsRefusedByCheckAndByTheLinkNamingBothFiles() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir.resolve("pki"), "edge-ca", 365);
        Issued brokerCert = ca.issue("broker", KeyType.RSA, 365, "IP:127.0.0.1");
        Issued gw = ca.issue("gw-key", KeyType.EC, 365);
        Issued other = ca.issue("other", KeyType.EC, 365);
        MosquittoBroker broker = started.add(MosquittoBroker.start(dir.resolve("broker"), List.of("allow_anonymous true",
                "cafile " + ca.certificate(), "certfile " + brokerCert.certificate(), "keyfile " + brokerCert.key(), "require_certificate true")));
        DistroGateway g = started.add(DistroGateway.provision(dir.resolve("gw"), "gw-key", broker.sslUri(), "--ca", ca.certificate().toString(),
                "--cert", gw.certificate().toString(), "--key", gw.key().toString()));
        // an installer replaces the key file by hand with another certificate's key
        Path key = g.work().resolve("conf/keys/client.key");
        Files.copy(other.key(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        GatewayProcess check = GatewayProcess.exec(GatewayProcess.distroHome(), g.work(), "check");
        assertThat(check.awaitExit()).isEqualTo(2);
        assertThat(check.output()).contains("broker.tls.key " + key + ": the key does not match the client certificate "
                + g.work().resolve("conf/keys/client.pem") + " (CN=gw-key)");

        GatewayProcess p = g.run();
        p.awaitLog("cannot connect to " + broker.sslUri().replace(".", "\\.") + ": client key " + key + " does not match certificate");
    }
}
