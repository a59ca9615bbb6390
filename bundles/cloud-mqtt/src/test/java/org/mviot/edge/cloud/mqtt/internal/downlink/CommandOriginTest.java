package org.mviot.edge.cloud.mqtt.internal.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.ThingId;

/** What a command tells the authorizer: its originator, its Ditto policy resource and the request a signature covers. */
class CommandOriginTest {

    private static final ThingId GATEWAY = new ThingId("org.mviot.edge", "gw-1");
    private final List<Command> executed = new ArrayList<>();

    private void send(String json, String mqttOriginator) {
        CommandService service = c -> {
            executed.add(c);
            return CompletableFuture.completedFuture(new CommandResult.Done(c.correlationId(), "d", "c", c.value()));
        };
        new CommandDownlink(() -> service, GATEWAY, "r", 10_000, (t, c, j) -> { })
                .handle(json.getBytes(StandardCharsets.UTF_8), null, null, mqttOriginator);
    }

    @Test
    void aMergeOnAFeatureBecomesOneDesiredPropertyResourcePerLeafSharingTheRequestAndItsSignature() {
        send("{\"topic\":\"ns/boiler/things/twin/commands/merge\",\"headers\":{\"ditto-originator\":\"ditto:op\",\"mviot-signature\":\"a.b.c\"},"
                + "\"path\":\"/features/relay\",\"value\":{\"desiredProperties\":{\"on\":true,\"mode\":{\"level\":2}}}}", "mqtt-user");
        assertThat(executed).extracting(Command::resource).containsExactly("thing:/features/relay/desiredProperties/on",
                "thing:/features/relay/desiredProperties/mode/level");
        assertThat(executed).allSatisfy(c -> {
            assertThat(c.sender()).isEqualTo("ditto:op");
            assertThat(c.request().topic()).isEqualTo("ns/boiler/things/twin/commands/merge");
            assertThat(c.request().path()).isEqualTo("/features/relay");
            assertThat(c.request().value()).isEqualTo("{\"desiredProperties\":{\"on\":true,\"mode\":{\"level\":2}}}");
            assertThat(c.request().signature()).isEqualTo("a.b.c");
        });
    }

    @Test
    void aLiveMessageIsAMessageResourceAndTheMqttOriginatorIsUsedWhenTheHeaderNamesNone() {
        send("{\"topic\":\"ns/boiler/things/live/messages/toggle\",\"path\":\"/features/relay/inbox/messages/toggle\",\"value\":1}", "app-1");
        assertThat(executed).singleElement().satisfies(c -> {
            assertThat(c.resource()).isEqualTo("message:/features/relay/inbox/messages/toggle");
            assertThat(c.sender()).isEqualTo("app-1");
            assertThat(c.request().signature()).isEmpty();
        });
    }

    @Test
    void aLiveCommandOnPropertiesIsAPropertiesResourceAndNoOriginatorIsEmpty() {
        send("{\"topic\":\"ns/boiler/things/live/commands/modify\",\"path\":\"/features/relay/properties/on\",\"value\":false}", null);
        assertThat(executed).singleElement().satisfies(c -> {
            assertThat(c.resource()).isEqualTo("thing:/features/relay/properties/on");
            assertThat(c.sender()).isEmpty();
        });
    }
}
