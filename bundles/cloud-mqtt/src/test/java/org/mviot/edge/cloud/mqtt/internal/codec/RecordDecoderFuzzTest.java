package org.mviot.edge.cloud.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;

/**
 * Fuzzing the queue record decoder (issue 17, item 8): whatever bytes a damaged disk gives back,
 * decoding returns an update or a response, or ends in {@link UndecodableRecordException}; nothing
 * else escapes (no other exception, no error, no huge allocation). Tries: {@code jqwik.tries.default}
 * (see {@code junit-platform.properties}).
 */
class RecordDecoderFuzzTest {

    @Property
    void randomBytesDecodeToARecordOrAreUndecodable(@ForAll @Size(max = 600) byte[] bytes) {
        assertDecodesOrIsUndecodable(bytes);
    }

    @Property
    void damagedValidRecordsDecodeToARecordOrAreUndecodable(@ForAll("records") byte[] valid, @ForAll("damage") List<int[]> damage) {
        byte[] b = valid.clone();
        for (int[] d : damage) {
            int at = Math.floorMod(d[1], Math.max(1, b.length));
            switch (d[0]) {
                case 0 -> { // flip a byte
                    if (b.length > 0) {
                        b[at] ^= (byte) (d[2] | 1);
                    }
                }
                case 1 -> b = Arrays.copyOf(b, at); // cut short
                case 2 -> { // a length or count field made huge or negative
                    if (b.length >= 4) {
                        int i = Math.min(at, b.length - 4);
                        b[i] = (byte) d[2];
                        b[i + 1] = (byte) 0xff;
                    }
                }
                default -> { // garbage appended
                    b = Arrays.copyOf(b, b.length + 1 + (d[2] & 31));
                    b[b.length - 1] = (byte) d[2];
                }
            }
        }
        assertDecodesOrIsUndecodable(b);
    }

    @Property
    void everyUpdateThatCanBeEncodedDecodesToTheSameUpdate(@ForAll("updates") TwinUpdate u) {
        byte[] b;
        try {
            b = BinaryFormat.encode(u);
        } catch (UnencodableUpdateException refused) {
            return; // refused at append, with its reason: never stored
        }
        assertThat(BinaryFormat.decodeStored(b)).isEqualTo(u);
    }

    private static void assertDecodesOrIsUndecodable(byte[] bytes) {
        try {
            Object o = BinaryFormat.decodeStored(bytes);
            assertThat(o).isInstanceOfAny(TwinUpdate.class, BinaryFormat.PendingResponse.class);
        } catch (UndecodableRecordException expected) {
            // the one defined outcome for bytes that are not a record
        }
    }

    @Provide
    Arbitrary<List<int[]>> damage() {
        Arbitrary<int[]> one = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(),
                Arbitraries.integers().between(0, 255)).as((kind, at, value) -> new int[] {kind, at, value});
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<byte[]> records() {
        Arbitrary<byte[]> updates = updates().map(u -> {
            try {
                return BinaryFormat.encode(u);
            } catch (UnencodableUpdateException e) {
                return new byte[0];
            }
        });
        Arbitrary<byte[]> responses = Combinators.combine(text(), Arbitraries.bytes().array(byte[].class).ofMaxSize(40), text())
                .as((topic, corr, json) -> BinaryFormat.encode(new BinaryFormat.PendingResponse(topic, corr, json)));
        return Arbitraries.oneOf(updates, responses);
    }

    @Provide
    Arbitrary<TwinUpdate> updates() {
        return Arbitraries.oneOf(changes(), definitions());
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(12);
    }

    private static Arbitrary<ThingId> things() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)).as((ns, n) -> new ThingId("org." + ns, n));
    }

    private static Arbitrary<Object> values() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of(true, false), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), text().map(s -> (Object) s));
    }

    private static Arbitrary<TwinUpdate> changes() {
        Arbitrary<PropertyChange> change = Combinators.combine(Arbitraries.of("t", "p", "\u00e4", "x/y"), text(), values(),
                Arbitraries.longs(), Arbitraries.of(Quality.class), Arbitraries.of(TimeSource.class)).as(PropertyChange::new);
        return Combinators.combine(things(), Arbitraries.longs(), change.list().ofMaxSize(6))
                .as((t, seq, list) -> new TwinUpdate.Changes(t, seq, List.copyOf(list)));
    }

    private static Arbitrary<TwinUpdate> definitions() {
        Arbitrary<FeatureDefinition> feature = Combinators.combine(text(), text(), text(), Arbitraries.of(ChannelType.class), text(),
                Arbitraries.of(Access.class), Arbitraries.doubles(), Arbitraries.of(true, false))
                .as((f, p, ch, type, unit, access, min, derived) -> new FeatureDefinition(f, p, ch, type, unit, access,
                        new Range(min, min + 1), derived, "d"));
        Arbitrary<Map<String, String>> attributes = Arbitraries.maps(text(), text()).ofMaxSize(3).map(LinkedHashMap::new);
        return Combinators.combine(things(), Arbitraries.longs(), text(), text(), attributes, feature.list().ofMaxSize(3))
                .as((t, seq, dev, drv, attrs, fs) -> new TwinUpdate.Definition(t, seq, dev, drv, attrs, new ArrayList<>(fs)));
    }
}
