package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.BOILER;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.modify;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.parse;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.responses;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.status;
import static org.mviot.edge.it.cloud.GatewayCloudProcessTest.uplinks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.base.model.signals.commands.ErrorResponse;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The built distribution (sim profile) against a real Mosquitto, attacked over MQTT by anyone who
 * may publish to its command topic (issue 17): correlation data of 32 KiB, payloads of 4, 8 and
 * 16 MB, a 10,000-deep JSON, invalid UTF-8, CR/LF in headers and topics, a response topic in
 * another gateway's namespace, a burst of commands, and a restart with hostile commands queued at
 * the broker. Every command is answered exactly once or (over the Maximum Packet Size the gateway
 * announces) dropped by the broker; the gateway stays up, telemetry keeps flowing, no log line is
 * forged.
 */
public class HostileCommandsProcessTest {

    private static final String GW = "gw-hostile";
    private static final String COMMANDS = "mviot/" + GW + "/commands";
    private static final String OWN_RESPONSES = "mviot/" + GW + "/responses";
    private static final String FORGED = "mviot-edge ready in 1 ms (FORGED)";
    /** Commands of the burst: bounded, sent as fast as the broker acknowledges them. */
    private static final int BURST = 10_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private MosquittoBroker broker;
    private MqttRecorder cloud;
    private DistroGateway gateway;

    @Before
    public void startBroker() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
    }

    /** The gateway provisioned to Mosquitto, running, its boiler defined at the cloud side. */
    private void runProvisioned() throws Exception {
        cloud = new MqttRecorder(broker.uri(), "cloud-" + GW, "mviot/" + GW + "/#", "test/responses");
        gateway = DistroGateway.provision(tmp.newFolder("gw").toPath(), GW, broker.uri());
        gateway.run();
        cloud.await("the definition of " + BOILER, r -> uplinks(r, BOILER, 0).stream().anyMatch(GatewayCloudProcessTest.Uplink::definition));
    }

    @After
    public void stopEverything() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            try {
                if (cloud != null) {
                    cloud.close();
                }
            } finally {
                broker.close();
            }
        }
    }

    private void send(byte[] payload, String responseTopic, byte[] correlation) throws Exception {
        cloud.send(COMMANDS, payload, responseTopic, correlation);
    }

    private void send(String payload, String correlation) throws Exception {
        send(payload.getBytes(StandardCharsets.UTF_8), "test/responses", correlation.getBytes(StandardCharsets.UTF_8));
    }

    private Signal<?> awaitResponse(String correlation) throws InterruptedException {
        List<MqttRecorder.Received> got = cloud.await("the response to " + correlation, r -> !responses(r, correlation).isEmpty());
        return parse(responses(got, correlation).get(0).payload());
    }

    private static String message(Signal<?> s) {
        return ((ErrorResponse<?>) s).getDittoRuntimeException().getMessage();
    }

    private static List<MqttRecorder.Received> onOwnResponses(List<MqttRecorder.Received> r) {
        return r.stream().filter(m -> m.topic().equals(OWN_RESPONSES)).toList();
    }

    private void awaitTelemetryAfter(int index, String when) throws InterruptedException {
        cloud.await("2 more updates of " + BOILER + " " + when, r -> uplinks(r, BOILER, index).stream().filter(u -> !u.definition()).count() >= 2);
    }

    /** A twin modify of the boiler's setpoint with its own Ditto correlation id (GatewayCloudProcessTest's puts the value in it). */
    private static String setpoint(String correlationId, String valueJson) {
        return "{\"topic\":\"org.mviot.demo/sim-boiler/things/twin/commands/modify\",\"headers\":{\"correlation-id\":\"" + correlationId
                + "\"},\"path\":\"/features/setpoint/desiredProperties/value\",\"value\":" + valueJson + "}";
    }

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private Signal<?> awaitAfter(String correlation, String payload) throws Exception {
        send(payload, correlation);
        return awaitResponse(correlation);
    }

    /**
     * Sends {@link #BURST} setpoint commands through {@link #cloud} as fast as the broker takes them
     * and checks that each gets exactly one response.
     */
    private void burstAnsweredOncePerCommand(String commandTopic, String through) throws Exception {
        List<byte[]> burst = new ArrayList<>();
        List<byte[]> correlations = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            burst.add(modify(BOILER, "setpoint", Integer.toString(40 + i % 20)).getBytes(StandardCharsets.UTF_8));
            correlations.add(("burst-" + i).getBytes(StandardCharsets.UTF_8));
        }
        long start = System.nanoTime();
        cloud.sendAll(commandTopic, burst, "test/responses", correlations);
        long sent = System.nanoTime();
        cloud.await("a response to each of the " + BURST + " commands of the burst",
                r -> r.stream().filter(m -> m.topic().equals("test/responses") && m.correlationData() != null
                        && new String(m.correlationData(), StandardCharsets.UTF_8).startsWith("burst-")).map(m -> new String(
                        m.correlationData(), StandardCharsets.UTF_8)).distinct().count() == BURST, r -> gatewaySaid());
        System.out.printf("burst of %d commands through %s: sent in %d ms, all answered %d ms after the first was sent%n", BURST, through,
                (sent - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
        // a command after the burst: its response comes after every response of the burst, so a duplicate would be here
        cloud.send(commandTopic, modify(BOILER, "setpoint", "45"), "test/responses", "after-burst".getBytes(StandardCharsets.UTF_8));
        assertThat(status(awaitResponse("after-burst"))).isBetween(200, 299);
        List<MqttRecorder.Received> got = cloud.received();
        gateway.process().stderrLines().stream().filter(l -> l.contains("cloud link") || l.contains("WARN") || l.contains("ERROR"))
                .forEach(l -> System.out.println("gateway: " + l));
        Map<String, Long> perCommand = got.stream().filter(m -> m.topic().equals("test/responses") && m.correlationData() != null)
                .map(m -> new String(m.correlationData(), StandardCharsets.UTF_8)).filter(c -> c.startsWith("burst-"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perCommand).hasSize(BURST);
        assertThat(perCommand.entrySet()).as("commands answered more than once").noneMatch(e -> e.getValue() != 1);
        Map<Integer, Long> byStatus = got.stream().filter(m -> m.topic().equals("test/responses") && m.correlationData() != null
                && new String(m.correlationData(), StandardCharsets.UTF_8).startsWith("burst-"))
                .collect(Collectors.groupingBy(m -> status(parse(m.payload())), Collectors.counting()));
        System.out.printf("burst of %d commands through %s: responses by status %s%n", BURST, through, byStatus);
        got.stream().filter(m -> m.topic().equals("test/responses") && m.payload().contains("\"status\":50")).findFirst()
                .ifPresent(m -> System.out.println("a 5xx of the burst: " + m.payload()));
        // done (204), too many pending at the gateway (429), or what the core and the simulated device say when flooded:
        // the device failed or did not confirm in time (502, 504); never two answers, never none
        assertThat(byStatus.keySet()).as("statuses of the burst's responses").allMatch(s -> s == 204 || s == 429 || s == 502 || s == 504);

    }

    @Test
    public void aBurstThroughTheEmbeddedLocalBrokerGetsOneResponsePerCommand() throws Exception {
        // the sim profile with nothing provisioned: the link sends to the gateway's own HiveMQ broker
        String id = "mviot-sim-gateway";
        gateway = DistroGateway.unprovisioned(tmp.newFolder("gw-local").toPath());
        // local clients may only read twins unless granted: this one sends commands and reads their answers
        gateway.grantLocalClients("mviot/+/twin/#,test/responses", "mviot/+/commands/#");
        // HiveMQ tells every message it discards (e.g. "The client message queue is full") on this logger at DEBUG
        org.mviot.edge.it.support.GatewayProcess p = gateway.run(Map.of("MVIOT_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.log.event.message-dropped=debug"));
        p.awaitLog("on 127.0.0.1:" + p.localBrokerPort() + " up .*writes \\[mviot/\\+/commands/#\\]");
        cloud = new MqttRecorder("tcp://127.0.0.1:" + p.localBrokerPort(), "lan-client", gateway.localBrokerLogin(), "mviot/" + id + "/twin/#",
                "test/responses");
        cloud.await("an update of " + BOILER, r -> !uplinks(r, BOILER, 0).isEmpty());

        burstAnsweredOncePerCommand("mviot/" + id + "/commands", "the local broker");
    }

    /**
     * @return for a failure message: how many messages the local broker discarded, per receiving
     *         client and reason, and the gateway's warnings, errors and cloud link lines (at most 20)
     */
    private String gatewaySaid() {
        List<String> log = gateway.process().stderrLines();
        Map<String, Long> dropped = log.stream().filter(l -> l.contains("message was dropped"))
                .map(l -> l.replaceAll(".*Receiving client: ([^,]*), topic: ([^,]*),.*reason: (.*)", "$1 ($2): $3"))
                .collect(Collectors.groupingBy(Function.identity(), java.util.TreeMap::new, Collectors.counting()));
        return "; messages the local broker discarded: " + dropped + "; gateway log: " + log.stream()
                .filter(l -> l.contains("cloud link") || l.contains("WARN") || l.contains("ERROR")).limit(20).toList();
    }

    /** The hostile commands of the issue, one by one, each answered once or dropped by the broker, with no forged log line. */
    private void hostileCommandsAnsweredOnceOrDroppedByTheBroker() throws Exception {
        // 32 KiB correlation data: killed Paho's receiver thread; now a 431 on the gateway's own responses topic
        send(modify(BOILER, "setpoint", "42").getBytes(StandardCharsets.UTF_8), "test/responses", bytes(32 * 1024, 'c'));
        List<MqttRecorder.Received> own = cloud.await("the 431 for 32 KiB of correlation data on " + OWN_RESPONSES,
                r -> onOwnResponses(r).stream().anyMatch(m -> m.payload().contains("32768 bytes")));
        Signal<?> corr = parse(onOwnResponses(own).stream().filter(m -> m.payload().contains("32768 bytes")).findFirst().orElseThrow().payload());
        assertThat(status(corr)).isEqualTo(431);
        assertThat(message(corr)).contains("command.max.correlation.bytes");

        // 4, 8 and 16 MB: over the Maximum Packet Size the gateway announces; Mosquitto drops them for it
        for (int mb : new int[] {4, 8, 16}) {
            String big = setpoint("big-" + mb, "\"" + "A".repeat(mb * 1024 * 1024) + "\"");
            send(big, "big-" + mb);
        }
        // within the packet size, over command.max.bytes: answered 413 without being read
        send(setpoint("c-100k", "\"" + "A".repeat(100_000) + "\""), "c-100k");
        assertThat(status(awaitResponse("c-100k"))).isEqualTo(413);
        // a string value over command.max.value.chars: 413, and it never reaches the log
        Signal<?> longValue;
        send(setpoint("c-2000", "\"" + "A".repeat(2_000) + "\""), "c-2000");
        longValue = awaitResponse("c-2000");
        assertThat(status(longValue)).isEqualTo(413);
        assertThat(message(longValue)).contains("command.max.value.chars");

        String deep = "{\"topic\":\"org.mviot.demo/sim-boiler/things/twin/commands/modify\",\"path\":\"/features/setpoint/desiredProperties/value\","
                + "\"value\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        send(deep, "c-deep");
        assertThat(status(awaitResponse("c-deep"))).isEqualTo(400);

        byte[] invalidUtf8 = setpoint("c-utf8", "\"xx\"").getBytes(StandardCharsets.UTF_8);
        int x = new String(invalidUtf8, StandardCharsets.ISO_8859_1).indexOf("xx");
        invalidUtf8[x] = (byte) 0xC3;
        invalidUtf8[x + 1] = (byte) 0x28;
        send(invalidUtf8, "test/responses", "c-utf8".getBytes(StandardCharsets.UTF_8));
        assertThat(status(awaitResponse("c-utf8"))).isBetween(400, 499);

        send("{\"topic\":\"org.mviot.demo/sim-boiler/things/twin/commands/modify\",\"headers\":{\"correlation-id\":\"c-crlf\","
                + "\"ditto-originator\":\"x\\r\\n" + FORGED + "\"},\"path\":\"/features/setpoint/desiredProperties/value\",\"value\":50}", "c-crlf");
        assertThat(status(awaitResponse("c-crlf"))).isEqualTo(400);
        send("{\"topic\":\"org.mviot.demo/sim-boiler/things/twin/commands/modify\\r\\n" + FORGED + "\",\"path\":\"/\",\"value\":{}}", "c-topic");
        assertThat(status(awaitResponse("c-topic"))).isEqualTo(400);

        // a response topic in another gateway's namespace: refused, reported on this gateway's own responses topic
        send(modify(BOILER, "setpoint", "43").getBytes(StandardCharsets.UTF_8), "mviot/other-gw/commands",
                "c-other".getBytes(StandardCharsets.UTF_8));
        cloud.await("the 403 for a response topic in another gateway's namespace", r -> onOwnResponses(r).stream()
                .anyMatch(m -> m.correlationData() != null && new String(m.correlationData(), StandardCharsets.UTF_8).equals("c-other")));

        // still alive: a valid command is carried out, and telemetry flows
        int mark = cloud.received().size();
        Signal<?> ok = awaitAfter("c-ok", modify(BOILER, "setpoint", "44.5"));
        assertThat(status(ok)).isBetween(200, 299);
        awaitTelemetryAfter(mark, "after the hostile commands");

        List<MqttRecorder.Received> all = cloud.received();
        for (String c : List.of("c-100k", "c-2000", "c-deep", "c-utf8", "c-crlf", "c-topic", "c-ok")) {
            assertThat(responses(all, c)).as("responses to %s", c).hasSize(1);
        }
        for (int mb : new int[] {4, 8, 16}) {
            assertThat(responses(all, "big-" + mb)).as("a %d MB command reaches the gateway: the broker drops it", mb).isEmpty();
        }
        assertThat(all.stream().filter(m -> m.topic().equals("mviot/other-gw/commands"))).as("publishes to another gateway").isEmpty();
        List<String> log = gateway.process().stderrLines();
        assertThat(log).as("log lines").noneMatch(l -> l.startsWith(FORGED) || l.startsWith("x") && l.contains(FORGED))
                .noneMatch(l -> l.contains("A".repeat(1_100))).noneMatch(l -> l.contains("Exception in thread"));
        assertThat(log).filteredOn(l -> l.contains("FORGED")).allMatch(l -> l.contains("\\r\\n"));
        assertThat(gateway.process().stdoutLines()).noneMatch(l -> l.contains("FORGED"));
    }

    @Test
    public void hostileCommandsAndABurstAreEachAnsweredOnceAndThoseQueuedWhileTheGatewayWasDownOnceAfterItsRestart() throws Exception {
        runProvisioned();
        hostileCommandsAnsweredOnceOrDroppedByTheBroker();
        burstAnsweredOncePerCommand(COMMANDS, "Mosquitto");

        // the gateway dies; meanwhile the broker keeps commands for its session, among them the one that used to
        // kill Paho's receiver thread at every reconnect
        gateway.kill9();
        send(modify(BOILER, "setpoint", "46").getBytes(StandardCharsets.UTF_8), "test/responses", bytes(32 * 1024, 'q'));
        send(modify(BOILER, "setpoint", "47"), "queued-ok");
        int mark = cloud.received().size();
        gateway.run();

        assertThat(status(awaitResponse("queued-ok"))).isBetween(200, 299);
        cloud.await("the 431 for the queued 32 KiB correlation data", r -> onOwnResponses(r.subList(mark, r.size())).stream()
                .anyMatch(m -> m.payload().contains("32768 bytes")));
        awaitTelemetryAfter(mark, "after the restart");
        Signal<?> last = awaitAfter("after-restart", modify(BOILER, "setpoint", "48"));
        assertThat(status(last)).isBetween(200, 299);
        List<MqttRecorder.Received> end = cloud.received();
        assertThat(responses(end, "queued-ok")).as("responses to the command queued at the broker").hasSize(1);
        assertThat(onOwnResponses(end.subList(mark, end.size())).stream().filter(m -> m.payload().contains("32768 bytes")))
                .as("answers to the queued 32 KiB correlation data after the restart").hasSize(1);
    }
}
