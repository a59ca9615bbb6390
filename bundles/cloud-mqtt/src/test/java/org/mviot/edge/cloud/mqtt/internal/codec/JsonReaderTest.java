package org.mviot.edge.cloud.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsObjectsArraysNumbersStringsAndLiterals() {
        Object v = JsonReader.parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": \"x\\u0041\\n\", \"c\": {}} ");

        assertThat(v).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, -25.0, true, false, null), "b", "xA\n", "c", Map.of()));
    }

    @Test
    void roundTripsWhatTheWriterWrites() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("s", "tab\t\"q\" \u2028 ctl\u0001");
        m.put("l", List.of(1L, 2.5, "x"));
        assertThat(JsonReader.parse(JsonWriter.toJson(m))).isEqualTo(m);
    }

    @Test
    void rejectsMalformedTextNamingThePosition() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "01", "\"unterminated", "{\"a\":1} x", "nul", "1.", "\"\\x\"", "{a:1}")) {
            assertThatThrownBy(() -> JsonReader.parse(bad)).as(bad)
                    .isInstanceOf(JsonReader.MalformedJsonException.class).hasMessageContaining("at character");
        }
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 2) + "]".repeat(JsonReader.MAX_DEPTH + 2);
        assertThatThrownBy(() -> JsonReader.parse(deep)).hasMessageContaining("nested deeper");
    }
}
