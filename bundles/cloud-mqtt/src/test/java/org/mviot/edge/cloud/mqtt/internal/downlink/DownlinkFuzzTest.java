package org.mviot.edge.cloud.mqtt.internal.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.codec.StrictJson;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Fuzzes the downlink with what a sender controls: the payload (random bytes, and real commands
 * from the seed corpus with bytes flipped, inserted, cut or repeated) and the MQTT properties
 * (response topic, correlation data, user properties). The invariant: nothing throws out of the
 * handler and every message gets exactly one response, a 2xx or 4xx, on a topic the gateway may
 * publish to, whose message has no line break. Tries: {@code jqwik.tries.default} (500 in the
 * build, see {@code junit-platform.properties}; longer: {@code -Djqwik.tries.default=100000}).
 */
class DownlinkFuzzTest {

    private static final ThingId GATEWAY = new ThingId("org.mviot.edge", "gw-1");
    private static final String OWN = "mviot/gw-1/responses";
    private static final List<byte[]> CORPUS = CommandCorpus.all();
    private static final CommandService DONE = c -> CompletableFuture.completedFuture(
            new CommandResult.Done(c.correlationId(), "boiler", "sp", c.value()));

    private final Responses responses = new Responses();
    private final CommandDownlink downlink = new CommandDownlink(() -> DONE, GATEWAY, OWN, 10_000, responses, InputLimits.DEFAULTS);
    private final CommandIntake intake = new CommandIntake(downlink, InputLimits.DEFAULTS, "mviot", OWN);
    private int nextPacketId;

    @AfterProperty
    void close() {
        intake.close();
    }

    @Property
    void everyPayloadGetsExactlyOneResponseAndNothingThrows(@ForAll("payloads") byte[] payload) {
        int before = responses.all().size();

        downlink.handle(payload, "my/resp", "corr".getBytes(StandardCharsets.UTF_8), null);

        List<Responses.Sent> sent = responses.all();
        assertThat(sent).hasSize(before + 1);
        assertValid(sent.get(sent.size() - 1));
    }

    @Property
    void everyEnvelopeIsAnsweredOnceOnATopicTheGatewayMayUse(@ForAll("envelopes") InboundCommand generated) throws Exception {
        // a packet identifier of its own per try: the intake drops a DUP of a command it took in an earlier try
        InboundCommand c = new InboundCommand(nextPacketId++ % 65_535 + 1, generated.duplicate(), generated.payload(),
                generated.responseTopic(), generated.correlationData(), generated.userProperties(), generated.problem());
        int before = responses.all().size();
        intake.accept(c);
        if (c.duplicate()) {
            // the broker sends it again: taken once, answered once
            intake.accept(c);
        }
        Responses.Sent r = responses.await(before + 1).get(before);
        assertValid(r);
        boolean ownSubtree = r.topic().equals(OWN) || r.topic().startsWith(OWN + "/");
        assertThat(ownSubtree || (r.topic().equals(c.responseTopic()) && !r.topic().startsWith("mviot/") && !r.topic().equals("mviot")))
                .as("response topic %s of a command naming %s", r.topic(), c.responseTopic()).isTrue();
        assertThat(r.correlationData().length).isLessThanOrEqualTo(InputLimits.DEFAULTS.maxCorrelationBytes());
        awaitNothingPending(intake);
        assertThat(responses.all()).hasSize(before + 1);
    }

    private static void awaitNothingPending(CommandIntake intake) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (intake.pending() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(intake.pending()).isZero();
    }

    private static void assertValid(Responses.Sent r) {
        Object doc = StrictJson.parse(r.json());
        assertThat(doc).isInstanceOf(Map.class);
        long status = r.status();
        assertThat(status).as(r.json()).isBetween(200L, 499L);
        assertThat(r.message()).doesNotContain("\n").doesNotContain("\r");
        // bounded by the limits: a message of at most 600 chars, a correlation id of at most 1,024 (header) or of
        // 1,024 bytes of correlation data, each byte at most 6 chars once escaped in JSON (\u0000)
        assertThat(r.json().length()).as("response size").isLessThan(600 + 6 * 1_024 + 1_000);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000);
        Arbitrary<byte[]> seed = Arbitraries.of(CORPUS);
        Arbitrary<byte[]> mutated = Combinators.combine(seed, Arbitraries.integers().between(1, 8), Arbitraries.longs())
                .as(DownlinkFuzzTest::mutate);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, random), net.jqwik.api.Tuple.of(1, seed),
                net.jqwik.api.Tuple.of(6, mutated));
    }

    /** Flips, inserts, deletes or repeats bytes of a real command: mostly still JSON, often still a command. */
    static byte[] mutate(byte[] seed, int edits, long randomSeed) {
        java.util.Random rnd = new java.util.Random(randomSeed);
        List<Byte> b = new ArrayList<>();
        for (byte x : seed) {
            b.add(x);
        }
        byte[] interesting = "{}[]\",:\\/0-eE.\n\r\u0000nulltruefalse".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < edits && !b.isEmpty(); i++) {
            int at = rnd.nextInt(b.size());
            switch (rnd.nextInt(5)) {
                case 0 -> b.set(at, (byte) rnd.nextInt(256));
                case 1 -> b.add(at, interesting[rnd.nextInt(interesting.length)]);
                case 2 -> b.subList(at, Math.min(b.size(), at + 1 + rnd.nextInt(8))).clear();
                case 3 -> {
                    List<Byte> part = new ArrayList<>(b.subList(at, Math.min(b.size(), at + 1 + rnd.nextInt(16))));
                    b.addAll(at, part);
                }
                default -> b.set(at, (byte) (0x80 | rnd.nextInt(128))); // a stray UTF-8 continuation or lead byte
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    @Provide
    Arbitrary<InboundCommand> envelopes() {
        Arbitrary<String> topics = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(""), Arbitraries.of("my/resp",
                        "mviot/gw-2/commands", "mviot/gw-1/commands", "mviot/gw-1/responses", "mviot/gw-1/responses/x", "a/+/b", "#",
                        "$SYS/x", "my/resp\r\nFORGED", "mviot"),
                Arbitraries.strings().ofMaxLength(700), Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(s -> "mviot/" + s));
        Arbitrary<byte[]> correlation = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.integers().between(0, 66_000).map(n -> new byte[n]),
                Arbitraries.strings().ofMaxLength(30).map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<List<Map.Entry<String, String>>> users = Arbitraries.strings().ofMaxLength(1_100)
                .flatMap(v -> Arbitraries.of("sender", "k", "x").map(k -> Map.entry(k, v))).list().ofMaxSize(40);
        Arbitrary<String> problems = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just("PUBLISH property 0x21 is unknown"),
                Arbitraries.just("the packet is 16777300 bytes, over the Maximum Packet Size of 262144 bytes this client announced"));
        Arbitrary<byte[]> payload = Arbitraries.oneOf(payloads(), Arbitraries.integers().between(60_000, 70_000).map(n -> new byte[n]));
        return Combinators.combine(Arbitraries.integers().between(1, 65_535), Arbitraries.of(false, true), payload, topics, correlation,
                users, problems).as(InboundCommand::new);
    }
}
