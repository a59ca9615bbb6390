package org.mviot.edge.cloud.mqtt.internal.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.codec.StrictJson;

class CommandDownlinkTest {

    private static final ThingId GATEWAY = new ThingId("org.mviot.edge", "gw-1");
    private static final String MODIFY = "{\"topic\":\"org.mviot.demo/boiler/things/twin/commands/modify\","
            + "\"headers\":{\"correlation-id\":\"c1\"},\"path\":\"/features/setpoint/desiredProperties/value\",\"value\":65}";

    private final List<String> responses = new ArrayList<>();
    private final List<Command> executed = new ArrayList<>();

    private CommandDownlink downlink(CommandResult.Rejected rejection) {
        CommandService service = c -> {
            executed.add(c);
            return CompletableFuture.completedFuture(rejection != null ? rejection
                    : new CommandResult.Done(c.correlationId(), "boiler", "sp", c.value()));
        };
        return new CommandDownlink(() -> service, GATEWAY, "mviot/gw-1/responses", 10_000, (topic, corr, json) -> responses.add(json));
    }

    private Map<String, Object> onlyResponse() {
        assertThat(responses).hasSize(1);
        return json(responses.get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) StrictJson.parse(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorValue(Map<String, Object> response) {
        return (Map<String, Object>) response.get("value");
    }

    private void send(CommandDownlink d, String json) {
        d.handle(json.getBytes(StandardCharsets.UTF_8), "my/resp", "corr".getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void answersAModifyTheCoreCarriedOutWith204AndPassesAnIntegerAsLong() {
        send(downlink(null), MODIFY);

        assertThat(onlyResponse()).containsEntry("status", 204L).containsEntry("path", "/features/setpoint/desiredProperties/value");
        assertThat(executed).singleElement().satisfies(c -> {
            assertThat(c.thing()).isEqualTo(new ThingId("org.mviot.demo", "boiler"));
            assertThat(c.value()).isEqualTo(65L);
        });
    }

    @Test
    void answersMalformedJsonWith400NamingWhereItBreaks() {
        send(downlink(null), "{\"topic\": \"x\", oops}");

        Map<String, Object> r = onlyResponse();
        assertThat(r).containsEntry("status", 400L);
        Map<String, Object> value = errorValue(r);
        assertThat(value).containsEntry("error", "json.invalid");
        assertThat(value.get("message").toString()).startsWith("the command is not valid JSON").contains("line 1 column");
        assertThat(r.get("topic")).isEqualTo("org.mviot.edge/gw-1/things/twin/errors");
        assertThat(executed).isEmpty();
    }

    @Test
    void answersJsonWithTrailingTextWith400() {
        send(downlink(null), MODIFY + " {}");

        assertThat(onlyResponse()).containsEntry("status", 400L);
        assertThat(executed).isEmpty();
    }

    @Test
    void answersAnArrayDocumentWith400SayingAnObjectIsNeeded() {
        send(downlink(null), "[1,2]");

        Map<String, Object> value = errorValue(onlyResponse());
        assertThat(value.get("message").toString()).contains("must be a JSON object");
    }

    @Test
    void answersAnUnauthorizedRejectionWith403() {
        send(downlink(new CommandResult.Rejected("c1", "not authorized: sender 'x' may not write boiler")), MODIFY);

        assertThat(onlyResponse()).containsEntry("status", 403L);
    }

    @Test
    void answersAnUnknownTwinOrPropertyWith404() {
        send(downlink(new CommandResult.Rejected("c1", "twin org.mviot.demo:boiler has no writable property setpoint/value")), MODIFY);
        send(downlink(new CommandResult.Rejected("c1", "no device maps to twin org.mviot.demo:boiler")), MODIFY);

        assertThat(responses).extracting(j -> json(j).get("status")).containsExactly(404L, 404L);
    }

    @Test
    void answersWrongTypeAndOutOfRangeWith400EvenWhenANameHoldsATellingWord() {
        send(downlink(new CommandResult.Rejected("c1", "device 'unknown-boiler' channel 'denied_sp': expects a number, got a string")), MODIFY);
        send(downlink(new CommandResult.Rejected("c1", "device 'b' channel 'not found': 900.0 is out of range [0.0, 100.0]")), MODIFY);

        assertThat(responses).extracting(j -> json(j).get("status")).containsExactly(400L, 400L);
    }

    @Test
    void mapsTheCoresRejectionWordingToStatuses() {
        assertThat(RejectionStatus.of("not authorized: authorizer gave no decision")).isEqualTo(403);
        assertThat(RejectionStatus.of("no device maps to twin a:b")).isEqualTo(404);
        assertThat(RejectionStatus.of("twin a:b has no writable property f/p")).isEqualTo(404);
        assertThat(RejectionStatus.of("device 'd' channel 'c': expects a boolean, got 3")).isEqualTo(400);
        assertThat(RejectionStatus.of("device 'd' channel 'c': 5.0 is out of range [0.0, 1.0]")).isEqualTo(400);
    }

    @Test
    void fallsBackToTellingWordsForWordingTheCoreDoesNotUse() {
        assertThat(RejectionStatus.of("unknown feature nosuch of boiler-1")).isEqualTo(404);
        assertThat(RejectionStatus.of("access denied for sender x")).isEqualTo(403);
        assertThat(RejectionStatus.of("something else")).isEqualTo(400);
    }
}
