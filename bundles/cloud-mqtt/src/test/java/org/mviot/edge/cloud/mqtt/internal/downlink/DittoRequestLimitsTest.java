package org.mviot.edge.cloud.mqtt.internal.downlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;

class DittoRequestLimitsTest {

    private static final String TOPIC = "org.mviot.demo/boiler/things/twin/commands/modify";
    private static final String PATH = "/features/setpoint/desiredProperties/value";

    private static String command(String headers, String value) {
        return "{\"topic\":\"" + TOPIC + "\",\"headers\":{" + headers + "},\"path\":\"" + PATH + "\",\"value\":" + value + "}";
    }

    private static DittoRequest.InvalidRequest refusal(String json) {
        try {
            DittoRequest.parse(json, InputLimits.DEFAULTS);
        } catch (DittoRequest.InvalidRequest e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void aLineBreakInTheOriginatorIsRefusedAndTheMessageStaysOneLine() {
        DittoRequest.InvalidRequest e = refusal(command("\"correlation-id\":\"c1\",\"ditto-originator\":\"x\\r\\nINFO ready (FORGED)\"", "1"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("ditto-originator").contains("U+000D").doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void aLineBreakInTheDittoTopicIsRefusedAndNotEchoedRaw() {
        DittoRequest.InvalidRequest e = refusal("{\"topic\":\"a/b/things/twin/commands/modify\\nFORGED\",\"path\":\"/\",\"value\":{}}");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("\\nFORGED").doesNotContain("\n");
    }

    @Test
    void moreHeadersThanTheLimitAre431() {
        StringBuilder h = new StringBuilder("\"correlation-id\":\"c1\"");
        for (int i = 0; i < 64; i++) {
            h.append(",\"h").append(i).append("\":\"v\"");
        }

        DittoRequest.InvalidRequest e = refusal(command(h.toString(), "1"));

        assertThat(e.status()).isEqualTo(431);
        assertThat(e.getMessage()).contains("65 headers").contains("command.max.headers");
    }

    @Test
    void aHeaderValueOverTheLimitIs431() {
        assertThat(refusal(command("\"correlation-id\":\"" + "c".repeat(1025) + "\"", "1")).status()).isEqualTo(431);
    }

    @Test
    void aStringValueOverTheLimitIs413NamingTheSetting() {
        DittoRequest.InvalidRequest e = refusal(command("\"correlation-id\":\"c1\"", "\"" + "A".repeat(1025) + "\""));

        assertThat(e.status()).isEqualTo(413);
        assertThat(e.getMessage()).contains("1025 chars").contains("command.max.value.chars").hasSizeLessThan(700);
    }

    @Test
    void moreWritesThanTheLimitAre413() {
        StringBuilder v = new StringBuilder("{");
        for (int i = 0; i < 101; i++) {
            v.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":1");
        }
        String json = "{\"topic\":\"" + TOPIC + "\",\"path\":\"/features/setpoint/desiredProperties\",\"value\":" + v + "}}";

        assertThat(refusal(json).status()).isEqualTo(413);
    }

    @Test
    void aJsonNested10000DeepIsRefusedWithoutAStackOverflow() {
        String deep = "{\"topic\":\"" + TOPIC + "\",\"path\":\"" + PATH + "\",\"value\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        DittoRequest.InvalidRequest e = refusal(deep);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("not valid JSON");
    }

    @Test
    void aStringLongerThanTheParsersBoundIs413() {
        assertThat(refusal("{\"topic\":\"" + "t".repeat(20_000) + "\"}").status()).isEqualTo(413);
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersAndTheCommandIsJudgedAsText() {
        byte[] bytes = command("\"correlation-id\":\"c1\"", "\"\u00e9\"").getBytes(StandardCharsets.UTF_8);
        // cut the two-byte é in half: invalid UTF-8
        byte[] broken = new byte[bytes.length - 1];
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
        System.arraycopy(bytes, 0, broken, 0, at + 1);
        System.arraycopy(bytes, at + 2, broken, at + 1, bytes.length - at - 2);

        DittoRequest r = DittoRequest.parse(new String(broken, StandardCharsets.UTF_8), InputLimits.DEFAULTS);

        assertThat(r.writes().get(0).value()).isEqualTo("\uFFFD");
    }

    @Test
    void aControlCharacterInAStringValueIsRefused() {
        assertThatThrownBy(() -> DittoRequest.parse(command("", "\"a\\nb\""), InputLimits.DEFAULTS))
                .isInstanceOfSatisfying(DittoRequest.InvalidRequest.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
