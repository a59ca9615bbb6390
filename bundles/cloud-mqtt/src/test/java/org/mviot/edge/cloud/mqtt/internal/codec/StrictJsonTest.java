package org.mviot.edge.cloud.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    void readsObjectsArraysNumbersStringsAndLiteralsAsPlainJavaValues() {
        Object v = StrictJson.parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": \"x\\u0041\\n\", \"c\": {}} ");

        assertThat(v).isEqualTo(Map.of("a", Arrays.asList(1L, -25.0, true, false, null), "b", "xA\n", "c", Map.of()));
    }

    @Test
    void keepsIntegersAsLongsAndEverythingElseAsDoubles() {
        Object v = StrictJson.parse("[0, -7, 123456789012345678, 1234567890123456789012, 1.0, 2E3]");

        assertThat(v).isEqualTo(List.of(0L, -7L, 123456789012345678L, 1.234567890123456789012e21, 1.0, 2000.0));
    }

    @Test
    void keepsMemberOrderAndTheLastValueOfARepeatedName() {
        Object v = StrictJson.parse("{\"z\":1,\"a\":2,\"z\":3}");

        assertThat(v).isInstanceOf(LinkedHashMap.class);
        assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of("z", "a"));
        assertThat(((Map<?, ?>) v).get("z")).isEqualTo(3L);
    }

    @Test
    void roundTripsWhatTheWriterWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "tab\t\"q\" \u2028 ctl\u0001");
        m.put("l", List.of(1L, 2.5, "x"));

        assertThat(StrictJson.parse(JsonWriter.toJson(m))).isEqualTo(m);
    }

    @Test
    void rejectsMalformedTextNamingThePosition() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "01", "\"unterminated", "nul", "1.", "\"\\x\"", "{a:1}",
                "{'a':1}", "[1] // comment", "[NaN]", "\"tab\tinside\"", "{\"a\":1,}")) {
            assertThatThrownBy(() -> StrictJson.parse(bad)).as(bad)
                    .isInstanceOf(StrictJson.MalformedJsonException.class).hasMessageContaining("line");
        }
    }

    @Test
    void rejectsTextAfterTheValue() {
        for (String bad : List.of("{\"a\":1} x", "{\"a\":1}{\"b\":2}", "1 2", "[] []")) {
            assertThatThrownBy(() -> StrictJson.parse(bad)).as(bad)
                    .isInstanceOf(StrictJson.MalformedJsonException.class).hasMessageContaining("after the JSON value");
        }
    }

    @Test
    void saysMalformedInPlainWordsWithoutGsonsTroubleshootingLink() {
        assertThatThrownBy(() -> StrictJson.parse("{a:1}")).hasMessageStartingWith("not strict JSON").hasMessageNotContaining("http")
                .hasMessageNotContaining("setStrictness");
        assertThatThrownBy(() -> StrictJson.parse("{\"a\":")).hasMessageStartingWith("unexpected end of input at line 1");
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 2) + "]".repeat(StrictJson.MAX_DEPTH + 2);

        assertThatThrownBy(() -> StrictJson.parse(deep)).isInstanceOf(StrictJson.MalformedJsonException.class)
                .hasMessageContaining("nest");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);

        assertThat(StrictJson.parse(deep)).isInstanceOf(List.class);
    }
}
