package org.mviot.edge.driver.coap.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mviot.edge.api.device.ChannelType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Payloads are hostile: any bytes, and valid documents mutated, give a value or a
 * {@link MalformedPayloadException}, never another exception. Tries: {@code jqwik.tries.default} in {@code junit-platform.properties};
 * a long run: {@code ./mvnw -pl bundles/driver-coap test -Dtest=PayloadFuzzTest -Djqwik.tries.default=100000}.
 */
class PayloadFuzzTest {

    private static final List<ChannelCodec> CODECS = List.of(
            new ChannelCodec(PayloadFormat.TEXT, ChannelType.DOUBLE, JsonPointer.parse(""), ""),
            new ChannelCodec(PayloadFormat.TEXT, ChannelType.BOOLEAN, JsonPointer.parse(""), ""),
            new ChannelCodec(PayloadFormat.TEXT, ChannelType.INTEGER, JsonPointer.parse(""), ""),
            new ChannelCodec(PayloadFormat.JSON, ChannelType.INTEGER, JsonPointer.parse("/a/0"), ""),
            new ChannelCodec(PayloadFormat.JSON, ChannelType.STRING, JsonPointer.parse(""), ""),
            new ChannelCodec(PayloadFormat.SENML, ChannelType.DOUBLE, JsonPointer.parse(""), "dev:t"),
            new ChannelCodec(PayloadFormat.SENML, ChannelType.BOOLEAN, JsonPointer.parse(""), "dev:b"),
            new ChannelCodec(PayloadFormat.SENML_CBOR, ChannelType.DOUBLE, JsonPointer.parse(""), "dev:t"),
            new ChannelCodec(PayloadFormat.SENML_CBOR, ChannelType.STRING, JsonPointer.parse(""), "n"));

    private static final List<String> SEEDS = List.of(
            "[{\"bn\":\"dev:\",\"bt\":1.7e9,\"n\":\"t\",\"v\":21.5},{\"n\":\"b\",\"vb\":true,\"t\":-1}]",
            "{\"a\":[42,\"x\"],\"b\":{\"c\":null}}",
            "1796646613", "true", "-12.5e3");

    @Property
    void anyBytesGiveAValueOrAMalformedPayload(@ForAll @Size(max = 300) byte[] bytes) {
        decodeAll(bytes);
    }

    @Property
    void mutatedValidPayloadsGiveAValueOrAMalformedPayload(@ForAll("mutated") byte[] bytes) {
        decodeAll(bytes);
    }

    @Property
    void aWrittenNumberIsReadBackInEveryFormat(@ForAll double v, @ForAll("formats") PayloadFormat f) throws Exception {
        if (!Double.isFinite(v)) {
            return; // a twin command carries finite numbers only
        }
        ChannelCodec c = new ChannelCodec(f, ChannelType.DOUBLE, JsonPointer.parse("/x"), "n");
        assertThat(c.decode(new Payload(c.encode(v), 0)).value()).isEqualTo(v == 0.0 ? 0.0 : v);
    }

    @Provide
    Arbitrary<PayloadFormat> formats() {
        return Arbitraries.of(PayloadFormat.class);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 200);
        Arbitrary<Character> c = Arbitraries.of('[', ']', '{', '}', '"', ',', ':', '-', 'e', '.', '0', '9', '\\', '\u00e9', ' ', 'n');
        return Combinators.combine(seed, position, c, Arbitraries.integers().between(0, 2)).as((s, pos, ch, op) -> {
            StringBuilder b = new StringBuilder(s);
            int at = Math.min(pos, b.length());
            switch (op) {
                case 0 -> b.insert(at, ch);
                case 1 -> { if (at < b.length()) b.deleteCharAt(at); }
                default -> { if (at < b.length()) b.setCharAt(at, ch); }
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    private static void decodeAll(byte[] bytes) {
        Payload p = new Payload(bytes, 1_800_000_000_000L);
        for (ChannelCodec c : CODECS) {
            try {
                Object v = c.decode(p).value();
                assertThat(c.type().carries(v)).isTrue();
            } catch (MalformedPayloadException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
            }
        }
    }
}
