package org.mviot.edge.cloud.mqtt.internal.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;

class ResponseTopicTest {

    private static ResponseTopic.Refusal check(String topic) {
        return ResponseTopic.check(topic, InputLimits.DEFAULTS, "mviot", "mviot/gw-1/responses");
    }

    @Test
    void anotherGatewaysCommandTopicIsForbidden() {
        assertThat(check("mviot/gw-2/commands")).extracting(ResponseTopic.Refusal::status).isEqualTo(403);
    }

    @Test
    void thisGatewaysOwnCommandsTwinsAndStateAreForbiddenToo() {
        for (String t : new String[] {"mviot/gw-1/commands", "mviot/gw-1/twin/org.mviot.demo:sim-boiler", "mviot/gw-1/state", "mviot",
                "mviot/gw-1/responsesX"}) {
            assertThat(check(t)).as(t).isNotNull().extracting(ResponseTopic.Refusal::status).isEqualTo(403);
        }
    }

    @Test
    void thisGatewaysResponsesAndTopicsOutsideThePrefixAreAllowed() {
        assertThat(check("mviot/gw-1/responses")).isNull();
        assertThat(check("mviot/gw-1/responses/app-7")).isNull();
        assertThat(check("my/responses")).isNull();
        assertThat(check("mviotx/gw-2/commands")).isNull();
    }

    @Test
    void wildcardsSystemTopicsAndControlCharactersAreNotTopicNames() {
        assertThat(check("my/+/resp").status()).isEqualTo(400);
        assertThat(check("my/#").status()).isEqualTo(400);
        assertThat(check("$SYS/x").status()).isEqualTo(400);
        ResponseTopic.Refusal crlf = check("my/resp\r\nFORGED");
        assertThat(crlf.status()).isEqualTo(400);
        assertThat(crlf.message()).contains("U+000D").doesNotContain("\n");
    }

    @Test
    void aResponseTopicOverTheLimitIsRefusedNamingTheSetting() {
        ResponseTopic.Refusal r = check("a/".repeat(300));

        assertThat(r.status()).isEqualTo(431);
        assertThat(r.message()).contains("600 bytes").contains("512").contains("command.max.response.topic.bytes");
    }
}
