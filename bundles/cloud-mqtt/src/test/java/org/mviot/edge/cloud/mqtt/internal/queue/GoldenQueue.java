package org.mviot.edge.cloud.mqtt.internal.queue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;

/**
 * What the golden segment {@code golden/format-1/00000000000000000000.seg} holds, record by record:
 * a queue written by the format before wire codes and segment headers (commit c33c50f, format 1:
 * enum ordinals, no segment header). The file was written once by that code and is never
 * regenerated: it is what a gateway upgraded from that version finds on its disk.
 *
 * <p>Every value type of a change (null, true, false, long, double, text with non-ASCII and
 * {@code \0}), every quality and time source, every channel type and access of a definition, a
 * pending command response with and without correlation data, and both priorities.
 */
final class GoldenQueue {

    /** The resource holding the segment. */
    static final String SEGMENT = "/golden/format-1/00000000000000000000.seg";

    /**
     * One record.
     *
     * @param priority its priority
     * @param content  a {@link TwinUpdate} or a {@link BinaryFormat.PendingResponse}
     */
    record Item(Priority priority, Object content) {
    }

    private GoldenQueue() {
    }

    static List<Item> items() {
        ThingId boiler = new ThingId("org.example.plant", "boiler-1");
        ThingId pump = new ThingId("org.example.plant", "pump-\u00e4\u20ac");
        String odd = "z\u00e4hl\u00e9r \u0000 \u20ac \uD83D\uDE00 end";
        TwinUpdate.Changes values = new TwinUpdate.Changes(boiler, 1, List.of(
                new PropertyChange("temperature", "value", 21.5, 1_764_000_000_000L, Quality.GOOD, TimeSource.SYNCED),
                new PropertyChange("temperature", "raw", 42L, 1_764_000_000_001L, Quality.UNCERTAIN, TimeSource.SYSTEM_CLOCK),
                new PropertyChange("pump", "on", true, 2L, Quality.GOOD, TimeSource.DEVICE),
                new PropertyChange("pump", "off", false, 3L, Quality.STALE, TimeSource.DEVICE),
                new PropertyChange("pump", "bad", null, 4L, Quality.BAD, TimeSource.DEVICE),
                new PropertyChange(odd, odd, odd, -5L, Quality.GOOD, TimeSource.SYSTEM_CLOCK),
                new PropertyChange("limits", "min", Double.NEGATIVE_INFINITY, 6L, Quality.GOOD, TimeSource.SYNCED),
                new PropertyChange("limits", "max", Long.MIN_VALUE, Long.MAX_VALUE, Quality.GOOD, TimeSource.SYNCED),
                new PropertyChange("limits", "empty", "", 0L, Quality.UNCERTAIN, TimeSource.DEVICE)));
        TwinUpdate.Changes alarm = new TwinUpdate.Changes(boiler, 2, List.of(
                new PropertyChange("alarms", "alarm/overheat", true, 7L, Quality.GOOD, TimeSource.SYNCED)));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("site", "Z\u00fcrich");
        attributes.put("line", "3");
        TwinUpdate.Definition definition = new TwinUpdate.Definition(pump, 3, "pump-1", "modbus", attributes, List.of(
                new FeatureDefinition("state", "on", "coil-1", ChannelType.BOOLEAN, "", Access.READ_WRITE, Range.UNBOUNDED, false, "pump on"),
                new FeatureDefinition("state", "count", "reg-2", ChannelType.INTEGER, "1", Access.READ, new Range(0, 65535), false, ""),
                new FeatureDefinition("flow", "value", "reg-3", ChannelType.DOUBLE, "m\u00b3/h", Access.READ, new Range(-1.5, 99.25), true,
                        odd),
                new FeatureDefinition("label", "text", "reg-4", ChannelType.STRING, "", Access.WRITE, Range.UNBOUNDED, false, "name")));
        BinaryFormat.PendingResponse response = new BinaryFormat.PendingResponse("mviot/gw-1/responses", new byte[] {0, 1, -1, 42},
                "{\"topic\":\"org.example.plant/boiler-1/things/twin/commands/modify\",\"status\":204}");
        BinaryFormat.PendingResponse report = new BinaryFormat.PendingResponse("mviot/gw-1/twin/org.mviot.edge:gw-1", new byte[0],
                "{\"value\":{\"state\":\"offline\"}}");
        TwinUpdate.Changes later = new TwinUpdate.Changes(pump, 4, List.of(
                new PropertyChange("flow", "value", 12.75, 9L, Quality.GOOD, TimeSource.DEVICE),
                new PropertyChange("flow", "value", 13.0, 10L, Quality.GOOD, TimeSource.DEVICE)));
        return List.of(new Item(Priority.TELEMETRY, values), new Item(Priority.KEEP, alarm), new Item(Priority.KEEP, definition),
                new Item(Priority.KEEP, response), new Item(Priority.TELEMETRY, report), new Item(Priority.TELEMETRY, later));
    }
}
