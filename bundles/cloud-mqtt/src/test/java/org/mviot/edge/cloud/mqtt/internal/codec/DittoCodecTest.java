package org.mviot.edge.cloud.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.TwinUpdate;

class DittoCodecTest {

    private static final org.mviot.edge.api.twin.ThingId THING = new org.mviot.edge.api.twin.ThingId("org.example.plant", "boiler-1");
    private static final long T = 1_764_000_000_000L;

    private static PropertyChange change(String feature, String path, Object value) {
        return new PropertyChange(feature, path, value, T, Quality.GOOD, TimeSource.SYNCED);
    }

    private static MergeThing merge(String json) {
        Signal<?> s = DittoParsing.parse(json);
        assertThat(s).isInstanceOf(MergeThing.class);
        return (MergeThing) s;
    }

    @Test
    void singleChangeBecomesAMergeOnThePropertyPointer() {
        String json = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 7, List.of(change("temperature", "value", 21.5)))));

        MergeThing m = merge(json);

        assertThat(m.getEntityId().toString()).isEqualTo(ThingId.of("org.example.plant:boiler-1").toString());
        assertThat(m.getPath().toString()).isEqualTo("/features/temperature/properties/value");
        assertThat(m.getValue()).isEqualTo(JsonValue.of(21.5));
        assertThat(m.getDittoHeaders().getCorrelationId()).contains("org.example.plant:boiler-1#7");
        assertThat(m.getDittoHeaders().get("sequence")).isEqualTo("7");
        assertThat(m.getDittoHeaders().get("timestamp")).isEqualTo("2025-11-24T16:00:00Z");
        assertThat(m.getDittoHeaders().getContentType()).contains("application/merge-patch+json");
    }

    @Test
    void everyChangeMessageCarriesTheWeakestTimeQualityOfItsChangesInHeaders() {
        PropertyChange synced = new PropertyChange("a", "value", 1L, T, Quality.GOOD, TimeSource.SYNCED, 3, false);
        PropertyChange alsoSynced = new PropertyChange("b", "value", 2L, T, Quality.GOOD, TimeSource.SYNCED, 9, false);
        PropertyChange early = new PropertyChange("c", "value", 3L, T, Quality.GOOD, TimeSource.SYSTEM_CLOCK, -1, true);

        var one = merge(DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 1, List.of(synced))))).getDittoHeaders();
        assertThat(one.get("time-source")).isEqualTo("synced");
        assertThat(one.get("time-uncertainty-ms")).isEqualTo("3");
        assertThat(one.get("time-before-first-sync")).isEqualTo("false");

        var two = merge(DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 2, List.of(synced, alsoSynced))))).getDittoHeaders();
        assertThat(two.get("time-uncertainty-ms")).isEqualTo("9");

        var mixed = merge(DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 3, List.of(synced)),
                new TwinUpdate.Changes(THING, 4, List.of(early))))).getDittoHeaders();
        assertThat(mixed.get("time-source")).isEqualTo("system-clock");
        assertThat(mixed.get("time-uncertainty-ms")).isEqualTo("-1");
        assertThat(mixed.get("time-before-first-sync")).isEqualTo("true");
    }

    @Test
    void aDevicesOwnTimeIsWeakerThanTheSyncedClockAndStrongerThanTheUncheckedOne() {
        assertThat(DittoCodec.weaker(TimeSource.SYNCED, TimeSource.DEVICE)).isEqualTo(TimeSource.DEVICE);
        assertThat(DittoCodec.weaker(TimeSource.DEVICE, TimeSource.SYSTEM_CLOCK)).isEqualTo(TimeSource.SYSTEM_CLOCK);
        assertThat(DittoCodec.weaker(TimeSource.SYNCED, TimeSource.SYNCED)).isEqualTo(TimeSource.SYNCED);
    }

    @Test
    void severalChangesBecomeOneMergePatchOnFeaturesWithNestedPaths() {
        String json = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 3, List.of(
                change("temperature", "value", 21.5), change("temperature", "alarm/high", true),
                change("valve", "open", false), change("label", "text", "a \"quoted\"\nline")))));

        MergeThing m = merge(json);

        assertThat(m.getPath().toString()).isEqualTo("/features");
        assertThat(m.getValue().asObject().getValue("temperature/properties/alarm/high")).contains(JsonValue.of(true));
        assertThat(m.getValue().asObject().getValue("temperature/properties/value")).contains(JsonValue.of(21.5));
        assertThat(m.getValue().asObject().getValue("valve/properties/open")).contains(JsonValue.of(false));
        assertThat(m.getValue().asObject().getValue("label/properties/text")).contains(JsonValue.of("a \"quoted\"\nline"));
    }

    @Test
    void batchOfUpdatesFoldsIntoOnePatchWhereTheNewestValueWinsAndHeadersSpanTheSequences() {
        String json = DittoCodec.changes(List.of(
                new TwinUpdate.Changes(THING, 10, List.of(change("t", "value", 1L), change("h", "value", 40L))),
                new TwinUpdate.Changes(THING, 11, List.of(change("t", "value", 2L))),
                new TwinUpdate.Changes(THING, 12, List.of(change("t", "value", 3L)))));

        MergeThing m = merge(json);

        assertThat(m.getValue().asObject().getValue("t/properties/value")).contains(JsonValue.of(3));
        assertThat(m.getValue().asObject().getValue("h/properties/value")).contains(JsonValue.of(40));
        assertThat(m.getDittoHeaders().get("sequence")).isEqualTo("12");
        assertThat(m.getDittoHeaders().get("sequence-first")).isEqualTo("10");
        assertThat(m.getDittoHeaders().get("updates")).isEqualTo("3");
    }

    @Test
    void unknownValueAndNonFiniteNumberBecomeNullWhichRemovesTheReportedProperty() {
        String json = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 1, List.of(
                new PropertyChange("t", "value", null, T, Quality.BAD, TimeSource.SYNCED), change("u", "value", Double.NaN)))));

        MergeThing m = merge(json);

        assertThat(m.getValue().asObject().getValue("t/properties/value")).contains(JsonValue.nullLiteral());
        assertThat(m.getValue().asObject().getValue("u/properties/value")).contains(JsonValue.nullLiteral());
    }

    @Test
    void deviceStatusFeatureTravelsLikeAnyOtherFeature() {
        String json = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 2, List.of(
                change("deviceStatus", "state", "offline"), change("deviceStatus", "reason", "read timed out after 2000 ms")))));

        MergeThing m = merge(json);

        assertThat(m.getValue().asObject().getValue("deviceStatus/properties/state")).contains(JsonValue.of("offline"));
    }

    @Test
    void definitionBecomesAMergeOnTheThingRootWithAttributesModelAndFeatureDefinitions() {
        TwinUpdate.Definition d = new TwinUpdate.Definition(THING, 1, "boiler-1", "sim", Map.of("description", "boiler in hall 2"), List.of(
                new FeatureDefinition("temperature", "value", "temp", ChannelType.DOUBLE, "°C", Access.READ, new Range(-40, 125), false, "water"),
                new FeatureDefinition("setpoint", "value", "sp", ChannelType.DOUBLE, "°C", Access.READ_WRITE, Range.UNBOUNDED, false, "")));

        MergeThing m = merge(DittoCodec.definition(d));

        assertThat(m.getPath().toString()).isEqualTo(JsonPointer.empty().toString());
        assertThat(m.getValue().asObject().getValue("attributes/driver")).contains(JsonValue.of("sim"));
        assertThat(m.getValue().asObject().getValue("attributes/description")).contains(JsonValue.of("boiler in hall 2"));
        assertThat(m.getValue().asObject().getValue("attributes/model/temperature/value/unit")).contains(JsonValue.of("°C"));
        assertThat(m.getValue().asObject().getValue("attributes/model/temperature/value/max")).contains(JsonValue.of(125.0));
        assertThat(m.getValue().asObject().getValue("attributes/model/setpoint/value/access")).contains(JsonValue.of("read-write"));
        assertThat(m.getValue().asObject().getValue("features/temperature/definition").map(JsonValue::toString))
                .contains("[\"org.mviot.edge.driver:sim:1.0.0\"]");
    }

    @Test
    void binaryFormatRoundTripsEveryKindOfUpdate() {
        TwinUpdate c = new TwinUpdate.Changes(THING, 9, List.of(change("a", "x", 1L), change("a", "y", 2.5), change("b", "z", "s"),
                change("b", "w", true), new PropertyChange("c", "v", null, T, Quality.STALE, TimeSource.DEVICE)));
        TwinUpdate d = new TwinUpdate.Definition(THING, 1, "dev", "sim", Map.of("k", "v"), List.of(
                new FeatureDefinition("a", "x", "ch", ChannelType.INTEGER, "", Access.WRITE, Range.UNBOUNDED, true, "d")));
        BinaryFormat.PendingResponse r = new BinaryFormat.PendingResponse("resp/topic", new byte[] {1, 2, 3}, "{\"a\":1}");

        assertThat(BinaryFormat.decode(BinaryFormat.encode(c))).isEqualTo(c);
        assertThat(BinaryFormat.decode(BinaryFormat.encode(d))).isEqualTo(d);
        BinaryFormat.PendingResponse back = (BinaryFormat.PendingResponse) BinaryFormat.decode(BinaryFormat.encode(r));
        assertThat(back.topic()).isEqualTo("resp/topic");
        assertThat(back.correlationData()).containsExactly(1, 2, 3);
        assertThat(back.json()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aFeaturePerChannelIsWrittenInOrderAsTheNestedPatchWouldBe() {
        // one feature per channel, consecutive changes of one feature, a repeated feature, a repeated property
        String flat = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 1, List.of(change("r0", "value", 1L),
                change("r1", "value", 2L), change("r2", "value", "a\"b"), change("r2", "raw", 3.5), change("r3", "value", null)))));
        assertThat(flat).endsWith("\"path\":\"/features\",\"value\":{\"r0\":{\"properties\":{\"value\":1}},"
                + "\"r1\":{\"properties\":{\"value\":2}},\"r2\":{\"properties\":{\"value\":\"a\\\"b\",\"raw\":3.5}},"
                + "\"r3\":{\"properties\":{\"value\":null}}}}");
        String back = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 1, List.of(change("r0", "value", 1L),
                change("r1", "value", 2L), change("r0", "other", 3L)))));
        assertThat(back).endsWith("{\"r0\":{\"properties\":{\"value\":1,\"other\":3}},\"r1\":{\"properties\":{\"value\":2}}}}");
        String twice = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 1, List.of(change("r0", "a", 1L),
                change("r0", "b", 2L), change("r0", "a", 3L)))));
        assertThat(twice).endsWith("{\"r0\":{\"properties\":{\"b\":2,\"a\":3}}}}");
        String batch = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 1, List.of(change("r0", "value", 1L))),
                new TwinUpdate.Changes(THING, 2, List.of(change("r0", "value", 5L), change("r1", "value", 6L)))));
        assertThat(batch).endsWith("{\"r0\":{\"properties\":{\"value\":5}},\"r1\":{\"properties\":{\"value\":6}}}}");
    }

    @Test
    void theFlatPatchIsTheNestedPatchTextForAnyMixOfRepeatedFeaturesAndProperties() {
        java.util.Random random = new java.util.Random(42);
        String[] features = {"r0", "r1", "r2", "deviceStatus", "x\"y"};
        String[] paths = {"value", "raw", "state", "mean"};
        Object[] values = {1L, 2.5, "s", true, null, -7L};
        for (int round = 0; round < 500; round++) {
            PropertyChange[] all = new PropertyChange[1 + random.nextInt(12)];
            for (int i = 0; i < all.length; i++) {
                all[i] = change(features[random.nextInt(features.length)], paths[random.nextInt(paths.length)],
                        values[random.nextInt(values.length)]);
            }
            StringBuilder flat = new StringBuilder();
            DittoCodec.flatPatch(flat, all);

            assertThat(flat.toString()).as("round %d: %s", round, List.of(all)).isEqualTo(JsonWriter.toJson(DittoCodec.nestedPatch(all)));
        }
    }

    @Test
    void nestedPathsStillMergeIntoObjects() {
        String json = DittoCodec.changes(List.of(new TwinUpdate.Changes(THING, 4, List.of(
                change("t", "alarm", "old"), change("t", "alarm/high", true), change("t", "value", 1L), change("t", "alarm/low", false)))));

        assertThat(json).endsWith("\"value\":{\"t\":{\"properties\":{\"alarm\":{\"high\":true,\"low\":false},\"value\":1}}}}");
    }

    @Test
    void pairSetNumbersPairsInTheOrderTheyCameAndKnowsThemAgain() {
        StringPairSet set = new StringPairSet(3);

        assertThat(set.add("a", "x")).isZero();
        assertThat(set.add("a", "y")).isEqualTo(1);
        assertThat(set.add("a", "x")).isZero();
        assertThat(set.add("ax", "")).isEqualTo(2);
        assertThat(set.size()).isEqualTo(3);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> set.add("b", "")))
                .isInstanceOf(IllegalStateException.class);
    }
}
