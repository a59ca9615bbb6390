package org.mviot.edge.cloud.mqtt.internal.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;

class CommandIntakeTest {

    private static final ThingId GATEWAY = new ThingId("org.mviot.edge", "gw-1");
    private static final String OWN = "mviot/gw-1/responses";

    private final Responses responses = new Responses();
    private final List<Command> executed = Collections.synchronizedList(new ArrayList<>());
    /** Results the test completes by hand; empty: commands complete at once. */
    private final List<CompletableFuture<CommandResult>> held = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean hold;
    private CommandIntake intake;

    private CommandIntake intake(InputLimits limits, CommandService service) {
        CommandDownlink d = new CommandDownlink(() -> service, GATEWAY, OWN, 10_000, responses, limits);
        intake = new CommandIntake(d, limits, "mviot", OWN);
        return intake;
    }

    private CommandIntake intake(InputLimits limits) {
        return intake(limits, c -> {
            executed.add(c);
            CompletableFuture<CommandResult> f = new CompletableFuture<>();
            if (hold) {
                held.add(f);
            } else {
                f.complete(new CommandResult.Done(c.correlationId(), "boiler", "sp", c.value()));
            }
            return f;
        });
    }

    @AfterEach
    void close() {
        if (intake != null) {
            intake.close();
        }
    }

    private static String modify(String correlation, Object value) {
        return "{\"topic\":\"org.mviot.demo/boiler/things/twin/commands/modify\",\"headers\":{\"correlation-id\":\"" + correlation
                + "\"},\"path\":\"/features/setpoint/desiredProperties/value\",\"value\":" + value + "}";
    }

    private static InboundCommand command(int packetId, String payload, String responseTopic, String correlation) {
        return new InboundCommand(packetId, false, payload.getBytes(StandardCharsets.UTF_8), responseTopic,
                correlation == null ? null : correlation.getBytes(StandardCharsets.UTF_8), List.of(), null);
    }

    private static InputLimits limits(int maxCommandBytes, int maxPending) {
        InputLimits d = InputLimits.DEFAULTS;
        return new InputLimits(d.maxPacketBytes(), maxCommandBytes, d.maxCorrelationBytes(), d.maxResponseTopicBytes(), d.maxUserProperties(),
                d.maxHeaders(), d.maxHeaderChars(), d.maxValueChars(), d.maxWrites(), maxPending, d.maxPendingBytes());
    }

    @Test
    void aCommandWithinTheLimitsIsCarriedOutAndAnsweredOnItsResponseTopic() throws Exception {
        intake(InputLimits.DEFAULTS).accept(command(1, modify("c1", 65), "my/resp", "corr-1"));

        Responses.Sent r = responses.await(1).get(0);
        assertThat(r.topic()).isEqualTo("my/resp");
        assertThat(r.correlation()).isEqualTo("corr-1");
        assertThat(r.status()).isEqualTo(204);
        assertThat(executed).hasSize(1);
    }

    @Test
    void aPayloadOverTheLimitIsAnswered413WithoutBeingRead() throws Exception {
        intake(limits(1024, 1000)).accept(command(1, modify("c1", "\"" + "A".repeat(2000) + "\""), "my/resp", "corr-1"));

        Responses.Sent r = responses.await(1).get(0);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.message()).contains("over the limit of 1024").contains("command.max.bytes");
        assertThat(r.correlation()).isEqualTo("corr-1");
        assertThat(executed).isEmpty();
        assertThat(intake.counts().refused()).isEqualTo(1);
    }

    @Test
    void correlationDataOf32KibIsAnswered431OnTheGatewaysOwnTopicWithoutIt() throws Exception {
        InboundCommand c = new InboundCommand(1, false, modify("c1", 65).getBytes(StandardCharsets.UTF_8), "my/resp", new byte[32_768],
                List.of(), null);

        intake(InputLimits.DEFAULTS).accept(c);

        Responses.Sent r = responses.await(1).get(0);
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.topic()).isEqualTo(OWN);
        assertThat(r.correlationData()).isEmpty();
        assertThat(r.message()).contains("32768 bytes").contains("command.max.correlation.bytes");
        assertThat(executed).isEmpty();
    }

    @Test
    void aResponseTopicInAnotherGatewaysNamespaceIsRefusedAndReportedOnTheOwnResponsesTopic() throws Exception {
        intake(InputLimits.DEFAULTS).accept(command(1, modify("c1", 65), "mviot/gw-2/commands", "corr-1"));

        Responses.Sent r = responses.await(1).get(0);
        assertThat(r.topic()).isEqualTo(OWN);
        assertThat(r.status()).isEqualTo(403);
        assertThat(executed).isEmpty();
    }

    @Test
    void aPacketTheDecoderCouldNotReadWholeIsAnsweredNotExecuted() throws Exception {
        InboundCommand tooLarge = new InboundCommand(1, false, new byte[0], "my/resp", "corr-1".getBytes(StandardCharsets.UTF_8), List.of(),
                "the packet is 16777300 bytes, over the Maximum Packet Size of 262144 bytes this client announced (max.packet.bytes)");
        InboundCommand malformed = new InboundCommand(2, false, new byte[0], "my/resp", "corr-2".getBytes(StandardCharsets.UTF_8),
                List.of(), "PUBLISH property 0x21 is unknown or not allowed in PUBLISH");

        intake(InputLimits.DEFAULTS).accept(tooLarge);
        intake.accept(malformed);

        List<Responses.Sent> r = responses.await(2);
        assertThat(r.get(0).status()).isEqualTo(413);
        assertThat(r.get(0).message()).contains("max.packet.bytes");
        assertThat(r.get(1).status()).isEqualTo(400);
        assertThat(executed).isEmpty();
    }

    @Test
    void tooManyUserPropertiesAreAnswered431AndASenderWithALineBreakIs400() throws Exception {
        List<Map.Entry<String, String>> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add(Map.entry("k" + i, "v"));
        }
        intake(InputLimits.DEFAULTS).accept(new InboundCommand(1, false, modify("c1", 65).getBytes(StandardCharsets.UTF_8), "my/resp",
                null, many, null));
        intake.accept(new InboundCommand(2, false, modify("c2", 65).getBytes(StandardCharsets.UTF_8), "my/resp", null,
                List.of(Map.entry("sender", "evil\nFORGED")), null));

        List<Responses.Sent> r = responses.await(2);
        assertThat(r.get(0).status()).isEqualTo(431);
        assertThat(r.get(0).message()).contains("command.max.user.properties");
        assertThat(r.get(1).status()).isEqualTo(400);
        assertThat(executed).isEmpty();
    }

    @Test
    void theUserPropertyDittoOriginatorNamesTheSenderBeforeTheOlderSenderProperty() throws Exception {
        intake(InputLimits.DEFAULTS).accept(new InboundCommand(1, false, modify("c1", 65).getBytes(StandardCharsets.UTF_8), "my/resp", null,
                List.of(Map.entry("ditto-originator", "ditto:op"), Map.entry("sender", "legacy")), null));
        intake.accept(new InboundCommand(2, false, modify("c2", 65).getBytes(StandardCharsets.UTF_8), "my/resp", null,
                List.of(Map.entry("sender", "legacy"), Map.entry("ditto-originator", "ditto:op2")), null));
        responses.await(2);
        assertThat(executed).extracting(Command::sender).containsExactlyInAnyOrder("ditto:op", "ditto:op2");
    }

    @Test
    void aRedeliveryOfACommandAlreadyTakenIsDroppedSoItIsAnsweredOnce() throws Exception {
        String payload = modify("c1", 65);
        intake(InputLimits.DEFAULTS).accept(command(17, payload, "my/resp", "corr-1"));
        InboundCommand again = new InboundCommand(17, true, payload.getBytes(StandardCharsets.UTF_8), "my/resp",
                "corr-1".getBytes(StandardCharsets.UTF_8), List.of(), null);
        intake.accept(again);
        intake.accept(command(18, modify("c2", 66), "my/resp", "corr-2"));

        List<Responses.Sent> r = responses.await(2);
        assertThat(r).extracting(Responses.Sent::correlation).containsExactly("corr-1", "corr-2");
        assertThat(executed).hasSize(2);
        assertThat(intake.counts().duplicates()).isEqualTo(1);
    }

    @Test
    void aRedeliveryOfACommandNeverSeenIsCarriedOut() throws Exception {
        // after a restart of the gateway the first copy may never have been taken
        intake(InputLimits.DEFAULTS).accept(new InboundCommand(5, true, modify("c1", 65).getBytes(StandardCharsets.UTF_8), "my/resp",
                "corr-1".getBytes(StandardCharsets.UTF_8), List.of(), null));

        assertThat(responses.await(1).get(0).status()).isEqualTo(204);
    }

    @Test
    void aBurstBeyondThePendingBoundGetsExactlyOneResponsePerCommand429ForTheOverflow() throws Exception {
        hold = true;
        intake(limits(InputLimits.DEFAULTS.maxCommandBytes(), 10));
        for (int i = 0; i < 50; i++) {
            intake.accept(command(i + 1, modify("c" + i, 40 + i % 10), "my/resp", "corr-" + i));
        }
        List<Responses.Sent> overflow = responses.await(40);
        assertThat(overflow).allSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        // the ten taken complete now
        waitForHeld(10);
        synchronized (held) {
            held.forEach(f -> f.complete(new CommandResult.Done("x", "boiler", "sp", 1)));
        }

        List<Responses.Sent> all = responses.await(50);
        Map<String, Long> perCommand = all.stream().collect(Collectors.groupingBy(Responses.Sent::correlation, Collectors.counting()));
        assertThat(perCommand).hasSize(50).allSatisfy((c, n) -> assertThat(n).as(c).isEqualTo(1));
        assertThat(intake.counts().overflow()).isEqualTo(40);
        assertThat(intake.counts().taken()).isEqualTo(10);
        awaitNothingPending();
    }

    /** A command's pending slot is released just after its response is handed over: wait for it. */
    private void awaitNothingPending() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (intake.pending() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(intake.pending() + " commands still pending after their responses");
            }
            synchronized (this) {
                wait(10); // polling the worker thread's progress, not a synchronization
            }
        }
    }

    private void waitForHeld(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (held.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + held.size() + " commands reached the service");
            }
            synchronized (this) {
                wait(10); // polling the worker thread's progress, not a synchronization
            }
        }
    }

    @Test
    void aCommandServiceThrowingAnErrorDoesNotStopTheIntake() throws Exception {
        boolean[] first = {true};
        intake(InputLimits.DEFAULTS, c -> {
            if (first[0]) {
                first[0] = false;
                throw new StackOverflowError("deep");
            }
            return CompletableFuture.completedFuture(new CommandResult.Done(c.correlationId(), "boiler", "sp", c.value()));
        });

        intake.accept(command(1, modify("c1", 65), "my/resp", "corr-1"));
        intake.accept(command(2, modify("c2", 66), "my/resp", "corr-2"));

        assertThat(responses.await(1).get(0).correlation()).isEqualTo("corr-2");
        assertThat(intake.counts().failed()).isEqualTo(1);
        awaitNothingPending();
    }
}
