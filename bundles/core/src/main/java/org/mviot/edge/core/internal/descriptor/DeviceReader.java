package org.mviot.edge.core.internal.descriptor;

import static org.mviot.edge.core.internal.descriptor.JsonFields.array;
import static org.mviot.edge.core.internal.descriptor.JsonFields.scalars;
import static org.mviot.edge.core.internal.descriptor.JsonFields.string;
import static org.mviot.edge.core.internal.descriptor.JsonFields.unknownFields;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.core.internal.log.LogSafe;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Reads a descriptor's top level: id, driver, thing, connection, and its channels and derived channels, each name once. */
final class DeviceReader {

    private static final Set<String> FIELDS = Set.of("id", "driver", "description", "thing", "connection", "channels", "derived", "position",
            "$schema");

    private final String namespace;
    private final ChannelReader channels;
    private final DerivedReader derived;

    /**
     * @param namespace thing namespace for devices that do not name their thing
     */
    DeviceReader(String namespace, ChannelReader channels, DerivedReader derived) {
        this.namespace = namespace;
        this.channels = channels;
        this.derived = derived;
    }

    /**
     * What was read of a descriptor.
     *
     * @param config       the device, or {@code null} when it has problems (recorded)
     * @param draft        the device as its driver sees it, as far as it could be read (channels with a wrong name,
     *                     type or access left out), so the driver's problems are found together with the core's;
     *                     {@code null} when not even the driver is known
     * @param channelIndex each draft channel's index in {@code $.channels}, to name a driver's problem by its JSON path
     */
    record Result(DeviceConfig config, DeviceDescriptor draft, Map<String, Integer> channelIndex) {
    }

    /** @return the device, or a result without config when it has problems (recorded) */
    Result read(ParseContext cx, JsonObject o) {
        unknownFields(cx, o, "$", FIELDS, "device");
        String id = string(cx, o, "$", "id", null, true);
        if (id != null && !ChannelReader.NAME.matcher(id).matches()) {
            cx.problem("$.id", "device id " + LogSafe.quote(id) + " may hold only letters, digits, '_', '.' and '-'");
            id = null;
        }
        cx.device = id == null ? "?" : id;
        String driver = string(cx, o, "$", "driver", null, true);
        if (driver != null && driver.isBlank()) {
            cx.problem("$.driver", "device '" + cx.device + "': driver name is empty");
        }
        String description = string(cx, o, "$", "description", "", false);
        ThingId thing = null;
        String thingText = string(cx, o, "$", "thing", null, false);
        try {
            thing = thingText != null ? ThingId.parse(thingText) : id != null ? new ThingId(namespace, id) : null;
        } catch (IllegalArgumentException e) {
            cx.problem("$.thing", "device '" + cx.device + "': " + LogSafe.text(e.getMessage(), 500));
        }
        Map<String, String> connection = scalars(cx, o, "$", "connection");
        DevicePosition position = PositionReader.read(cx, o);

        List<ChannelConfig> channelConfigs = new ArrayList<>();
        List<ChannelSpec> drafts = new ArrayList<>();
        Map<String, Integer> channelIndex = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        JsonArray arr = array(cx, o, "$", "channels", true);
        if (arr != null) {
            if (arr.isEmpty()) {
                cx.problem("$.channels", "device '" + cx.device + "' has no channels");
            }
            for (int i = 0; i < arr.size(); i++) {
                String at = "$.channels[" + i + "]";
                if (!arr.get(i).isJsonObject()) {
                    cx.problem(at, "device '" + cx.device + "': a channel is a JSON object");
                    continue;
                }
                ChannelReader.Result read = channels.read(cx, arr.get(i).getAsJsonObject(), at);
                if (read.draft() != null && channelIndex.putIfAbsent(read.draft().name(), i) == null) {
                    drafts.add(read.draft());
                }
                ChannelConfig c = read.config();
                if (c != null) {
                    if (!names.add(c.spec().name())) {
                        cx.problem(at + ".name", cx.who(c.spec().name()) + ": name used twice");
                    }
                    channelConfigs.add(c);
                }
            }
        }
        List<DerivedConfig> derivedConfigs = new ArrayList<>();
        JsonArray darr = array(cx, o, "$", "derived", false);
        if (darr != null) {
            Map<String, Integer> numericIndex = new LinkedHashMap<>();
            for (int i = 0; i < channelConfigs.size(); i++) {
                ChannelConfig c = channelConfigs.get(i);
                // personal data never feeds an expression: the derived value would tell about it in clear
                if (c.spec().type() != ChannelType.STRING && c.spec().access().readable() && c.pii() == null) {
                    numericIndex.put(c.spec().name(), i);
                }
            }
            for (int i = 0; i < darr.size(); i++) {
                String at = "$.derived[" + i + "]";
                if (!darr.get(i).isJsonObject()) {
                    cx.problem(at, "device '" + cx.device + "': a derived channel is a JSON object");
                    continue;
                }
                DerivedConfig d = derived.read(cx, darr.get(i).getAsJsonObject(), at, numericIndex);
                if (d != null) {
                    if (!names.add(d.name())) {
                        cx.problem(at + ".name", cx.who(d.name()) + ": name used twice");
                    }
                    derivedConfigs.add(d);
                }
            }
        }
        if (!cx.ok()) {
            DeviceDescriptor draft = driver == null || driver.isBlank() ? null
                    : new DeviceDescriptor(id != null ? id : "?", driver, description, connection, drafts);
            return new Result(null, draft, channelIndex);
        }
        DeviceDescriptor descriptor = new DeviceDescriptor(id, driver, description, connection,
                channelConfigs.stream().map(ChannelConfig::spec).toList());
        return new Result(new DeviceConfig(cx.origin, descriptor, thing, channelConfigs, derivedConfigs, position), descriptor, channelIndex);
    }
}
