package org.mviot.edge.console.web.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Decoding a {@code values} event gives back every change of the tick. More tries:
 * {@code -Djqwik.tries.default=100000}.
 */
class ValuesEventTest {

    /** A change as the browser sees it after decoding; the time in epoch milliseconds. */
    record Change(String device, String channel, Object value, Long at, String quality) {
    }

    private static final long TICK = 1_796_000_000_000L;

    @Property
    void decodingTheEventGivesBackEveryChangeOfTheTick(@ForAll("ticks") List<Change> changes) {
        ValuesEvent event = new ValuesEvent(TICK);
        changes.forEach(c -> event.add(c.device(), c.channel(), c.value(),
                c.at() == null ? null : Instant.ofEpochMilli(c.at()), c.quality()));

        assertThat(decode(event.text())).containsExactlyInAnyOrderElementsOf(changes);
        assertThat(event.size()).isEqualTo(changes.size());
    }

    @Property
    void aDevicesPartHoldsExactlyThatDevicesChanges(@ForAll("ticks") List<Change> changes) {
        ValuesEvent event = new ValuesEvent(TICK);
        changes.forEach(c -> event.add(c.device(), c.channel(), c.value(),
                c.at() == null ? null : Instant.ofEpochMilli(c.at()), c.quality()));

        for (String device : List.of("sim-boiler", "plc-1")) {
            List<Change> expected = changes.stream().filter(c -> c.device().equals(device)).toList();
            assertThat(decode(event.text(device))).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(event.size(device)).isEqualTo(expected.size());
        }
    }

    @Test
    void aGoodValueCarriesNoQualityAndItsTimeAsAnOffsetFromTheTick() {
        ValuesEvent event = new ValuesEvent(TICK);
        event.add("sim-boiler", "setpoint", 57.5, Instant.ofEpochMilli(TICK - 120), "good");
        event.add("sim-boiler", "on", true, Instant.ofEpochMilli(TICK - 3), "uncertain");

        assertThat(event.text()).isEqualTo("event: values\ndata: {\"at\":" + TICK
                + ",\"devices\":{\"sim-boiler\":[[\"setpoint\",57.5,-120],[\"on\",true,-3,\"uncertain\"]]}}\n\n");
    }

    @Provide
    Arbitrary<List<Change>> ticks() {
        Arbitrary<String> device = Arbitraries.of("sim-boiler", "plc-1", "mb-\"quoted\"", "ünïcode");
        Arbitrary<String> channel = Arbitraries.strings().ofMinLength(1).ofMaxLength(12);
        Arbitrary<Object> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e9, 1e9).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.just(null));
        Arbitrary<Long> at = Arbitraries.longs().between(TICK - 86_400_000L, TICK + 1000).injectNull(0.1);
        Arbitrary<String> quality = Arbitraries.of("good", "uncertain", "bad");
        return Combinators.combine(device, channel, value, at, quality).as(Change::new).list().ofMaxSize(150);
    }

    /** Decodes as the console's live.js does. */
    private static List<Change> decode(String text) {
        assertThat(text).startsWith("event: values\ndata: ").endsWith("\n\n");
        String data = text.substring("event: values\ndata: ".length(), text.length() - 2);
        assertThat(data).doesNotContain("\n");
        JsonObject o = JsonParser.parseString(data).getAsJsonObject();
        long at = o.get("at").getAsLong();
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, JsonElement> d : o.getAsJsonObject("devices").entrySet()) {
            for (JsonElement e : d.getValue().getAsJsonArray()) {
                JsonArray a = e.getAsJsonArray();
                out.add(new Change(d.getKey(), a.get(0).getAsString(), scalar(a.get(1)),
                        a.get(2).isJsonNull() ? null : at + a.get(2).getAsLong(), a.size() > 3 ? a.get(3).getAsString() : "good"));
            }
        }
        return out;
    }

    private static Object scalar(JsonElement e) {
        if (e.isJsonNull()) {
            return null;
        }
        var p = e.getAsJsonPrimitive();
        return p.isBoolean() ? (Object) p.getAsBoolean() : p.isNumber() ? (Object) p.getAsDouble() : p.getAsString();
    }
}
