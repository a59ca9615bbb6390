package org.mviot.edge.cloud.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

/** The queue's record format must stay byte for byte what {@link DataOutputStream} wrote: queues outlive versions. */
class BinaryFormatTest {

    private static final ThingId THING = new ThingId("org.example.plant", "boiler-1");
    private static final String ODD = "zählér \u0000 \u20ac \uD83D\uDE00 \u07ff \u0800 end";

    private static TwinUpdate.Changes changes() {
        List<PropertyChange> list = new ArrayList<>();
        list.add(new PropertyChange("temperature", "value", 21.5, 1_764_000_000_000L, Quality.GOOD, TimeSource.SYNCED, 12, false));
        list.add(new PropertyChange("temperature", "raw", 42L, 1L, Quality.UNCERTAIN, TimeSource.SYSTEM_CLOCK, -1, true));
        list.add(new PropertyChange("temperature", "held", 43L, 2L, Quality.GOOD, TimeSource.SYSTEM_CLOCK, Integer.MAX_VALUE, false));
        list.add(new PropertyChange("pump", "on", true, 2L, Quality.GOOD, TimeSource.DEVICE));
        list.add(new PropertyChange(new String("temperature"), "off", false, 3L, Quality.GOOD, TimeSource.DEVICE));
        list.add(new PropertyChange("pump", "bad", null, 4L, Quality.BAD, TimeSource.DEVICE));
        list.add(new PropertyChange(ODD, ODD, ODD, -5L, Quality.GOOD, TimeSource.DEVICE));
        list.add(new PropertyChange("f", "float", 1.25f, 6L, Quality.GOOD, TimeSource.DEVICE));
        list.add(new PropertyChange("f", "nan", Double.NaN, 7L, Quality.GOOD, TimeSource.DEVICE));
        list.add(new PropertyChange("f", "int", 7, 8L, Quality.GOOD, TimeSource.DEVICE));
        list.add(new PropertyChange("f", "empty", "", Long.MAX_VALUE, Quality.GOOD, TimeSource.DEVICE));
        return new TwinUpdate.Changes(THING, 123_456_789_012L, list);
    }

    private static TwinUpdate.Definition definition() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("site", "Zürich");
        attributes.put("line", "3");
        List<FeatureDefinition> features = List.of(
                new FeatureDefinition("temperature", "value", "t1", ChannelType.values()[0], "°C", Access.READ,
                        new Range(-40, 125), false, "boiler water"),
                new FeatureDefinition("pump", "on", "p", ChannelType.values()[ChannelType.values().length - 1], "", Access.WRITE,
                        Range.UNBOUNDED, true, ODD));
        return new TwinUpdate.Definition(new ThingId("ns", "zählér-€-\uD83D\uDE00"), 9, "boiler-1", "modbus", attributes, features);
    }

    @Test
    void changesAreWrittenAsDataOutputStreamWroteThem() throws IOException {
        TwinUpdate.Changes c = changes();
        assertThat(BinaryFormat.encode(c)).isEqualTo(Reference.encode(c));
        assertThat(BinaryFormat.decode(BinaryFormat.encode(c))).isEqualTo(new TwinUpdate.Changes(THING, c.sequence(),
                c.changes().stream().map(p -> new PropertyChange(p.feature(), p.path(), normalized(p.value()), p.timestamp(),
                        p.quality(), p.timeSource(), p.uncertaintyMillis(), p.beforeFirstSync())).toList()));
    }

    @Test
    void aRecordQueuedBeforeChangesCarriedTheirTimeQualityReadsWithAnUnknownBoundAndNoFlag() throws IOException {
        TwinUpdate.Changes c = changes();
        Object back = BinaryFormat.decode(Reference.encode(c, false));
        assertThat(back).isEqualTo(new TwinUpdate.Changes(THING, c.sequence(),
                c.changes().stream().map(p -> new PropertyChange(p.feature(), p.path(), normalized(p.value()), p.timestamp(),
                        p.quality(), p.timeSource(), -1, false)).toList()));
    }

    @Test
    void aTimeQualityWithUnknownFlagsOrAnImpossibleBoundIsUndecodable() throws IOException {
        TwinUpdate.Changes one = new TwinUpdate.Changes(THING, 1, List.of(new PropertyChange("f", "v", 1L, 1L, Quality.GOOD,
                TimeSource.SYNCED, 5, true)));
        byte[] good = Reference.encode(one);
        byte[] flags = good.clone();
        flags[flags.length - 1] = 2;
        assertThatThrownBy(() -> BinaryFormat.decode(flags)).isInstanceOf(UndecodableRecordException.class).hasMessageContaining("time flags");
        byte[] bound = good.clone();
        bound[bound.length - 5] = (byte) 0xff;
        bound[bound.length - 2] = (byte) 0xf0; // -16
        assertThatThrownBy(() -> BinaryFormat.decode(bound)).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("time uncertainty");
    }

    private static Object normalized(Object v) {
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }

    @Test
    void definitionsAreWrittenAsDataOutputStreamWroteThem() throws IOException {
        TwinUpdate.Definition d = definition();
        assertThat(BinaryFormat.encode(d)).isEqualTo(Reference.encode(d));
        assertThat(BinaryFormat.decode(BinaryFormat.encode(d))).isEqualTo(d);
    }

    @Test
    void responsesAreWrittenAsDataOutputStreamWroteThem() throws IOException {
        BinaryFormat.PendingResponse r = new BinaryFormat.PendingResponse("t/" + ODD, new byte[] {1, 2, 3}, "{\"a\":\"" + ODD + "\"}");
        assertThat(BinaryFormat.encode(r)).isEqualTo(Reference.encode(r));
        BinaryFormat.PendingResponse back = (BinaryFormat.PendingResponse) BinaryFormat.decode(BinaryFormat.encode(r));
        assertThat(back.topic()).isEqualTo(r.topic());
        assertThat(back.correlationData()).isEqualTo(r.correlationData());
        assertThat(back.json()).isEqualTo(r.json());
    }

    @Test
    void truncatedAndUnknownRecordsAreRefused() {
        byte[] full = BinaryFormat.encode(changes());
        for (int cut : new int[] {0, 1, 5, full.length / 2, full.length - 1}) {
            assertThatThrownBy(() -> BinaryFormat.decode(Arrays.copyOf(full, cut))).isInstanceOf(UndecodableRecordException.class);
        }
        assertThatThrownBy(() -> BinaryFormat.decode(new byte[] {9})).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown queue record format 9");
    }

    @Test
    void aTextLongerThanItsLengthFieldIsRefusedAtEncodingNamingTheField() {
        String huge = "x".repeat(BinaryFormat.MAX_TEXT_BYTES + 1);
        TwinUpdate.Changes c = new TwinUpdate.Changes(THING, 1,
                List.of(new PropertyChange("f", "p", huge, 1L, Quality.GOOD, TimeSource.DEVICE)));
        assertThatThrownBy(() -> BinaryFormat.encode(c)).isInstanceOf(UnencodableUpdateException.class)
                .hasMessageContaining("text value of 65536 bytes").hasMessageNotContaining("xxxx");
        // a non-ASCII text that fits in characters but not in modified UTF-8 bytes
        TwinUpdate.Changes path = new TwinUpdate.Changes(THING, 1,
                List.of(new PropertyChange("f", "\u20ac".repeat(30_000), 1.0, 1L, Quality.GOOD, TimeSource.DEVICE)));
        assertThatThrownBy(() -> BinaryFormat.encode(path)).isInstanceOf(UnencodableUpdateException.class)
                .hasMessageContaining("property path of 90000 bytes");
    }

    @Test
    void moreDistinctFeaturesThanTheBackReferenceCanNameAreRefusedInsteadOfStoredWrong() {
        List<PropertyChange> many = new ArrayList<>();
        for (int i = 0; i <= BinaryFormat.MAX_FEATURES; i++) {
            many.add(new PropertyChange("f" + i, "v", 1L, 1L, Quality.GOOD, TimeSource.DEVICE));
        }
        assertThatThrownBy(() -> BinaryFormat.encode(new TwinUpdate.Changes(THING, 1, many)))
                .isInstanceOf(UnencodableUpdateException.class).hasMessageContaining("more than 32767 distinct features");
        many.remove(many.size() - 1);
        TwinUpdate.Changes fits = new TwinUpdate.Changes(THING, 1, many);
        assertThat(BinaryFormat.decodeStored(BinaryFormat.encode(fits))).isEqualTo(fits);
    }

    @Test
    void correlationDataLongerThanItsLengthFieldIsRefused() {
        BinaryFormat.PendingResponse r = new BinaryFormat.PendingResponse("t", new byte[BinaryFormat.MAX_CORRELATION_BYTES + 1], "{}");
        assertThatThrownBy(() -> BinaryFormat.encode(r)).isInstanceOf(UnencodableUpdateException.class)
                .hasMessageContaining("correlation data of 65536 bytes");
    }

    @Test
    void aLengthClaimingMoreBytesThanTheRecordHoldsIsUndecodableWithoutAllocatingIt() {
        byte[] response = BinaryFormat.encode(new BinaryFormat.PendingResponse("t", new byte[0], "{}"));
        // the json length field sits 4 bytes before the 2-byte json: claim 2 GB
        int at = response.length - 2 - 4;
        response[at] = 0x7f;
        assertThatThrownBy(() -> BinaryFormat.decode(response)).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("impossible response length");
    }

    /** The format as it was first written, with {@link DataOutputStream}; enums by the codes they had then (their ordinals in format 1). */
    private static final class Reference {
        static final Map<String, Integer> QUALITY = Map.of("GOOD", 0, "UNCERTAIN", 1, "BAD", 2, "STALE", 3);
        static final Map<String, Integer> TIME_SOURCE = Map.of("SYNCED", 0, "SYSTEM_CLOCK", 1, "DEVICE", 2);
        static final Map<String, Integer> CHANNEL_TYPE = Map.of("BOOLEAN", 0, "INTEGER", 1, "DOUBLE", 2, "STRING", 3);
        static final Map<String, Integer> ACCESS = Map.of("READ", 0, "WRITE", 1, "READ_WRITE", 2);

        static byte[] encode(TwinUpdate u) throws IOException {
            return encode(u, true);
        }

        /** @param timed whether to write the format with time quality (tag 4), else the one before it (tag 1) */
        static byte[] encode(TwinUpdate u, boolean timed) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                if (u instanceof TwinUpdate.Changes c) {
                    out.writeByte(timed ? 4 : 1);
                    out.writeUTF(c.thing().namespace());
                    out.writeUTF(c.thing().name());
                    out.writeLong(c.sequence());
                    out.writeInt(c.changes().size());
                    List<String> features = new ArrayList<>();
                    for (PropertyChange p : c.changes()) {
                        int idx = features.indexOf(p.feature());
                        if (idx < 0) {
                            features.add(p.feature());
                            out.writeShort(-1);
                            out.writeUTF(p.feature());
                        } else {
                            out.writeShort(idx);
                        }
                        out.writeUTF(p.path());
                        Object v = p.value();
                        if (v == null) {
                            out.writeByte(0);
                        } else if (v instanceof Boolean b) {
                            out.writeByte(b ? 1 : 2);
                        } else if (v instanceof Double || v instanceof Float) {
                            out.writeByte(4);
                            out.writeDouble(((Number) v).doubleValue());
                        } else if (v instanceof Number n) {
                            out.writeByte(3);
                            out.writeLong(n.longValue());
                        } else {
                            out.writeByte(5);
                            out.writeUTF(v.toString());
                        }
                        out.writeLong(p.timestamp());
                        out.writeByte(QUALITY.get(p.quality().name()));
                        out.writeByte(TIME_SOURCE.get(p.timeSource().name()));
                        if (timed) {
                            out.writeInt((int) p.uncertaintyMillis());
                            out.writeByte(p.beforeFirstSync() ? 1 : 0);
                        }
                    }
                } else if (u instanceof TwinUpdate.Definition d) {
                    out.writeByte(2);
                    out.writeUTF(d.thing().namespace());
                    out.writeUTF(d.thing().name());
                    out.writeLong(d.sequence());
                    out.writeUTF(d.device());
                    out.writeUTF(d.driver());
                    out.writeInt(d.attributes().size());
                    for (Map.Entry<String, String> a : d.attributes().entrySet()) {
                        out.writeUTF(a.getKey());
                        out.writeUTF(a.getValue());
                    }
                    out.writeInt(d.features().size());
                    for (FeatureDefinition f : d.features()) {
                        out.writeUTF(f.feature());
                        out.writeUTF(f.path());
                        out.writeUTF(f.channel());
                        out.writeByte(CHANNEL_TYPE.get(f.type().name()));
                        out.writeUTF(f.unit());
                        out.writeByte(ACCESS.get(f.access().name()));
                        out.writeDouble(f.range().min());
                        out.writeDouble(f.range().max());
                        out.writeBoolean(f.derived());
                        out.writeUTF(f.description());
                    }
                }
            }
            return bytes.toByteArray();
        }

        static byte[] encode(BinaryFormat.PendingResponse r) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(3);
                out.writeUTF(r.topic());
                out.writeShort(r.correlationData().length);
                out.write(r.correlationData());
                byte[] json = DittoCodec.bytes(r.json());
                out.writeInt(json.length);
                out.write(json);
            }
            return bytes.toByteArray();
        }
    }
}
