package org.mviot.edge.cloud.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
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
 * A stored record means the same after any reordering of an api enum: each constant's code is
 * fixed here by name, independently of the order the constants are declared in.
 */
class WireCodesTest {

    /** The codes as first written (format 1). Never change a number here: queues on gateways hold them. */
    private static final Map<String, Integer> QUALITY = Map.of("GOOD", 0, "UNCERTAIN", 1, "BAD", 2, "STALE", 3);
    private static final Map<String, Integer> TIME_SOURCE = Map.of("SYNCED", 0, "SYSTEM_CLOCK", 1, "DEVICE", 2);
    private static final Map<String, Integer> CHANNEL_TYPE = Map.of("BOOLEAN", 0, "INTEGER", 1, "DOUBLE", 2, "STRING", 3);
    private static final Map<String, Integer> ACCESS = Map.of("READ", 0, "WRITE", 1, "READ_WRITE", 2);

    @Test
    void everyConstantOfEveryStoredEnumHasItsFixedCodeWhateverItsOrdinal() {
        assertThat(codes(Quality.values(), q -> (int) WireCodes.code(q))).isEqualTo(new TreeMap<>(QUALITY));
        assertThat(codes(TimeSource.values(), s -> (int) WireCodes.code(s))).isEqualTo(new TreeMap<>(TIME_SOURCE));
        assertThat(codes(ChannelType.values(), t -> (int) WireCodes.code(t))).isEqualTo(new TreeMap<>(CHANNEL_TYPE));
        assertThat(codes(Access.values(), a -> (int) WireCodes.code(a))).isEqualTo(new TreeMap<>(ACCESS));
    }

    @Test
    void eachCodeReadsBackAsTheConstantNamedForItAndAnUnknownCodeAsNone() {
        QUALITY.forEach((name, code) -> assertThat(WireCodes.quality(code)).isEqualTo(Quality.valueOf(name)));
        TIME_SOURCE.forEach((name, code) -> assertThat(WireCodes.timeSource(code)).isEqualTo(TimeSource.valueOf(name)));
        CHANNEL_TYPE.forEach((name, code) -> assertThat(WireCodes.channelType(code)).isEqualTo(ChannelType.valueOf(name)));
        ACCESS.forEach((name, code) -> assertThat(WireCodes.access(code)).isEqualTo(Access.valueOf(name)));
        for (int unknown : new int[] {-1, 4, 127}) {
            assertThat(WireCodes.quality(unknown)).isNull();
            assertThat(WireCodes.timeSource(unknown)).isNull();
            assertThat(WireCodes.channelType(unknown)).isNull();
            assertThat(WireCodes.access(unknown)).isNull();
        }
    }

    @Test
    void aRecordWithAKnownCodeDecodesToTheNamedConstant() {
        // written by hand with the fixed codes: quality 3 is STALE and time source 1 is SYSTEM_CLOCK,
        // whatever position those constants take in a later api
        TwinUpdate.Changes c = new TwinUpdate.Changes(new ThingId("ns", "t"), 1,
                List.of(new PropertyChange("f", "p", 1L, 2L, Quality.GOOD, TimeSource.SYNCED)));
        byte[] b = BinaryFormat.encode(c);
        // the codes precede the time quality's 4-byte bound and flag byte
        b[b.length - 7] = 3;
        b[b.length - 6] = 1;
        PropertyChange p = ((TwinUpdate.Changes) BinaryFormat.decodeStored(b)).changes().get(0);
        assertThat(p.quality()).isEqualTo(Quality.STALE);
        assertThat(p.timeSource()).isEqualTo(TimeSource.SYSTEM_CLOCK);

        TwinUpdate.Definition d = new TwinUpdate.Definition(new ThingId("ns", "t"), 1, "dev", "sim", Map.of(),
                List.of(new FeatureDefinition("f", "p", "ch", ChannelType.BOOLEAN, "u", Access.READ, Range.UNBOUNDED, false, "")));
        byte[] db = BinaryFormat.encode(d);
        // type code after feature, path, channel: 2+1 + 2+1 + 2+2 bytes from the feature's start; find it from the unit "u"
        int unit = indexOf(db, new byte[] {0, 1, 'u'});
        db[unit - 1] = 2;
        db[unit + 3] = 2;
        FeatureDefinition f = ((TwinUpdate.Definition) BinaryFormat.decodeStored(db)).features().get(0);
        assertThat(f.type()).isEqualTo(ChannelType.DOUBLE);
        assertThat(f.access()).isEqualTo(Access.READ_WRITE);
    }

    @Test
    void aRecordWithAnUnknownCodeIsUndecodableNotACrash() {
        TwinUpdate.Changes c = new TwinUpdate.Changes(new ThingId("ns", "t"), 1,
                List.of(new PropertyChange("f", "p", 1L, 2L, Quality.GOOD, TimeSource.SYNCED)));
        byte[] b = BinaryFormat.encode(c);
        b[b.length - 7] = 99;
        assertThatThrownBy(() -> BinaryFormat.decodeStored(b)).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown quality code");
    }

    private static <E extends Enum<E>> TreeMap<String, Integer> codes(E[] values, java.util.function.ToIntFunction<E> code) {
        TreeMap<String, Integer> m = new TreeMap<>();
        Arrays.stream(values).forEach(v -> m.put(v.name(), code.applyAsInt(v)));
        return m;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
