package org.mviot.edge.core.internal.descriptor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.edge.EdgeStageFactory;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.core.internal.pipeline.Expression;
import org.mviot.edge.core.internal.pipeline.WindowAggregate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads and validates a device descriptor (the JSON format of {@code conf/devices/*.json}, see
 * the core's README and {@code device-descriptor.schema.json}). It collects every problem rather
 * than stopping at the first, each naming the file, the JSON path, the device and channel.
 */
public final class DescriptorParser {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Set<String> TOP = Set.of("id", "driver", "description", "thing", "connection", "channels", "derived", "$schema");
    private static final Set<String> CHANNEL = Set.of("name", "type", "unit", "access", "description", "poll", "event", "staleAfter",
            "address", "range", "scale", "offset", "stages", "twin");
    private static final Set<String> DERIVED = Set.of("name", "expression", "unit", "description", "stages", "twin");

    private final String namespace;
    private final Function<String, EdgeStageFactory> stageFactories;

    /**
     * @param namespace      thing namespace for devices that do not name their thing
     * @param stageFactories stage kinds contributed by other bundles, by kind; returns {@code null} for unknown kinds
     */
    public DescriptorParser(String namespace, Function<String, EdgeStageFactory> stageFactories) {
        this.namespace = namespace;
        this.stageFactories = stageFactories;
    }

    /**
     * @param origin the file or document name, for messages
     * @param json   the document
     * @return the validated device
     * @throws DescriptorException with every problem found
     */
    public DeviceConfig parse(String origin, String json) throws DescriptorException {
        Context cx = new Context(origin);
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            String msg = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new DescriptorException(List.of(new DescriptorProblem(origin, "$", "not valid JSON: " + msg)));
        }
        if (!root.isJsonObject()) {
            throw new DescriptorException(List.of(new DescriptorProblem(origin, "$", "a device descriptor is a JSON object")));
        }
        DeviceConfig config = device(cx, root.getAsJsonObject());
        if (!cx.problems.isEmpty()) {
            throw new DescriptorException(cx.problems);
        }
        return config;
    }

    private DeviceConfig device(Context cx, JsonObject o) {
        unknownFields(cx, o, "$", TOP, "device");
        String id = string(cx, o, "$", "id", null, true);
        if (id != null && !ID.matcher(id).matches()) {
            cx.problem("$.id", "device id '" + id + "' may hold only letters, digits, '_', '.' and '-'");
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
            cx.problem("$.thing", "device '" + cx.device + "': " + e.getMessage());
        }
        Map<String, String> connection = scalars(cx, o, "$", "connection");

        List<ChannelConfig> channels = new ArrayList<>();
        JsonArray arr = array(cx, o, "$", "channels", true);
        Set<String> names = new HashSet<>();
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
                ChannelConfig c = channel(cx, arr.get(i).getAsJsonObject(), at);
                if (c != null) {
                    if (!names.add(c.spec().name())) {
                        cx.problem(at + ".name", "device '" + cx.device + "' channel '" + c.spec().name() + "': name used twice");
                    }
                    channels.add(c);
                }
            }
        }
        List<DerivedConfig> derived = new ArrayList<>();
        JsonArray darr = array(cx, o, "$", "derived", false);
        if (darr != null) {
            Map<String, Integer> numericIndex = new LinkedHashMap<>();
            for (int i = 0; i < channels.size(); i++) {
                ChannelConfig c = channels.get(i);
                if (c.spec().type() != ChannelType.STRING && c.spec().access().readable()) {
                    numericIndex.put(c.spec().name(), i);
                }
            }
            for (int i = 0; i < darr.size(); i++) {
                String at = "$.derived[" + i + "]";
                if (!darr.get(i).isJsonObject()) {
                    cx.problem(at, "device '" + cx.device + "': a derived channel is a JSON object");
                    continue;
                }
                DerivedConfig d = derived(cx, darr.get(i).getAsJsonObject(), at, numericIndex);
                if (d != null) {
                    if (!names.add(d.name())) {
                        cx.problem(at + ".name", "device '" + cx.device + "' channel '" + d.name() + "': name used twice");
                    }
                    derived.add(d);
                }
            }
        }
        if (!cx.problems.isEmpty()) {
            return null;
        }
        DeviceDescriptor descriptor = new DeviceDescriptor(id, driver, description, connection,
                channels.stream().map(ChannelConfig::spec).toList());
        return new DeviceConfig(cx.origin, descriptor, thing, channels, derived);
    }

    private ChannelConfig channel(Context cx, JsonObject o, String at) {
        int before = cx.problems.size();
        unknownFields(cx, o, at, CHANNEL, "device '" + cx.device + "' channel");
        String name = string(cx, o, at, "name", null, true);
        if (name != null && !ID.matcher(name).matches()) {
            cx.problem(at + ".name", "device '" + cx.device + "' channel '" + name + "': a name may hold only letters, digits, '_', '.' and '-'");
        }
        String who = "device '" + cx.device + "' channel '" + (name == null ? "?" : name) + "'";
        String typeText = string(cx, o, at, "type", null, true);
        ChannelType type = typeText == null ? null : ChannelType.byName(typeText);
        if (typeText != null && type == null) {
            cx.problem(at + ".type", who + ": unknown channel type '" + typeText + "' (expected boolean, integer, double or string)");
        }
        String accessText = string(cx, o, at, "access", "read", false);
        Access access = accessText == null ? null : Access.byName(accessText);
        if (accessText != null && access == null) {
            cx.problem(at + ".access", who + ": unknown access '" + accessText + "' (expected read, write or read_write)");
        }
        Acquisition acquisition = acquisition(cx, o, at, who, access);
        Range range = range(cx, o, at, who);
        double scale = number(cx, o, at, "scale", 1.0, who);
        double offset = number(cx, o, at, "offset", 0.0, who);
        if (scale == 0) {
            cx.problem(at + ".scale", who + ": scale must not be 0 (the inverse transform divides by it)");
        }
        if (type != null && !type.isNumeric() && (o.has("scale") || o.has("offset"))) {
            cx.problem(at + (o.has("scale") ? ".scale" : ".offset"), who + ": scale and offset apply only to integer and double channels, this one is " + typeText);
        }
        if (type != null && !type.isNumeric() && o.has("range")) {
            cx.problem(at + ".range", who + ": a range applies only to integer and double channels, this one is " + typeText);
        }
        List<StageSpec> stages = stages(cx, o, at, who, type == ChannelType.STRING);
        String[] twin = twin(cx, o, at, who, name);
        Map<String, String> address = scalars(cx, o, at, "address");
        String unit = string(cx, o, at, "unit", "", false);
        String description = string(cx, o, at, "description", "", false);
        if (cx.problems.size() > before) {
            return null;
        }
        ChannelSpec spec = new ChannelSpec(name, type, unit, access, acquisition, range, address, description);
        return new ChannelConfig(spec, scale, offset, stages, twin[0], twin[1]);
    }

    private DerivedConfig derived(Context cx, JsonObject o, String at, Map<String, Integer> numericIndex) {
        int before = cx.problems.size();
        unknownFields(cx, o, at, DERIVED, "device '" + cx.device + "' derived channel");
        String name = string(cx, o, at, "name", null, true);
        if (name != null && !ID.matcher(name).matches()) {
            cx.problem(at + ".name", "device '" + cx.device + "' channel '" + name + "': a name may hold only letters, digits, '_', '.' and '-'");
        }
        String who = "device '" + cx.device + "' channel '" + (name == null ? "?" : name) + "'";
        String text = string(cx, o, at, "expression", null, true);
        Expression expression = null;
        if (text != null) {
            try {
                expression = Expression.compile(text, n -> numericIndex.getOrDefault(n, -1));
            } catch (Expression.ParseException e) {
                cx.problem(at + ".expression", who + ": expression '" + text + "': " + e.getMessage()
                        + " (it may use the readable boolean and numeric channels " + numericIndex.keySet() + ")");
            }
        }
        List<StageSpec> stages = stages(cx, o, at, who, false);
        String[] twin = twin(cx, o, at, who, name);
        String unit = string(cx, o, at, "unit", "", false);
        String description = string(cx, o, at, "description", "", false);
        if (cx.problems.size() > before) {
            return null;
        }
        return new DerivedConfig(name, unit, description, expression, stages, twin[0], twin[1]);
    }

    private Acquisition acquisition(Context cx, JsonObject o, String at, String who, Access access) {
        boolean poll = o.has("poll");
        boolean event = o.has("event") && o.get("event").isJsonPrimitive() && o.get("event").getAsJsonPrimitive().isBoolean()
                && o.get("event").getAsBoolean();
        if (o.has("event") && !(o.get("event").isJsonPrimitive() && o.get("event").getAsJsonPrimitive().isBoolean())) {
            cx.problem(at + ".event", who + ": event must be true or false");
        }
        if (poll && event) {
            cx.problem(at, who + ": give either poll or event, not both");
            return null;
        }
        if (poll) {
            Duration d = duration(cx, o, at, "poll", who);
            return d == null ? null : Acquisition.poll(d);
        }
        if (event) {
            Duration stale = o.has("staleAfter") ? duration(cx, o, at, "staleAfter", who) : Duration.ZERO;
            return stale == null ? null : new Acquisition.Event(stale);
        }
        if (access != null && access.readable()) {
            cx.problem(at, who + ": a readable channel needs \"poll\": \"<period>\" or \"event\": true");
            return null;
        }
        return Acquisition.event();
    }

    private Range range(Context cx, JsonObject o, String at, String who) {
        if (!o.has("range")) {
            return Range.UNBOUNDED;
        }
        if (!o.get("range").isJsonObject()) {
            cx.problem(at + ".range", who + ": range is an object {\"min\": …, \"max\": …}");
            return null;
        }
        JsonObject r = o.getAsJsonObject("range");
        double min = number(cx, r, at + ".range", "min", Double.NEGATIVE_INFINITY, who);
        double max = number(cx, r, at + ".range", "max", Double.POSITIVE_INFINITY, who);
        if (min > max) {
            cx.problem(at + ".range", who + ": range min " + min + " is above max " + max);
            return null;
        }
        return new Range(min, max);
    }

    private String[] twin(Context cx, JsonObject o, String at, String who, String name) {
        String feature = name;
        String path = "value";
        if (o.has("twin")) {
            if (!o.get("twin").isJsonObject()) {
                cx.problem(at + ".twin", who + ": twin is an object {\"feature\": …, \"path\": …}");
            } else {
                JsonObject t = o.getAsJsonObject("twin");
                unknownFields(cx, t, at + ".twin", Set.of("feature", "path"), who + " twin");
                feature = string(cx, t, at + ".twin", "feature", name, false);
                path = string(cx, t, at + ".twin", "path", "value", false);
            }
        }
        if (feature != null && (feature.isEmpty() || feature.contains("/"))) {
            cx.problem(at + ".twin.feature", who + ": feature '" + feature + "' must be non-empty and hold no '/'");
        }
        if (path != null && (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//"))) {
            cx.problem(at + ".twin.path", who + ": property path '" + path + "' must be segments separated by single '/'");
        }
        return new String[] {feature, path};
    }

    private List<StageSpec> stages(Context cx, JsonObject o, String at, String who, boolean text) {
        JsonArray arr = array(cx, o, at, "stages", false);
        if (arr == null) {
            return List.of();
        }
        if (text && !arr.isEmpty()) {
            cx.problem(at + ".stages", who + ": edge stages apply to boolean, integer and double channels, not to string");
            return List.of();
        }
        List<StageSpec> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String sat = at + ".stages[" + i + "]";
            if (!arr.get(i).isJsonObject()) {
                cx.problem(sat, who + ": a stage is an object with a \"kind\"");
                continue;
            }
            JsonObject s = arr.get(i).getAsJsonObject();
            String kind = string(cx, s, sat, "kind", null, true);
            if (kind == null) {
                continue;
            }
            try {
                StageSpec spec = switch (kind) {
                    case "deadband" -> {
                        unknownFields(cx, s, sat, Set.of("kind", "absolute", "percent"), who + " deadband");
                        yield new StageSpec.DeadbandSpec(nonNegative(cx, s, sat, "absolute", who), nonNegative(cx, s, sat, "percent", who));
                    }
                    case "minInterval" -> {
                        unknownFields(cx, s, sat, Set.of("kind", "interval"), who + " minInterval");
                        Duration d = s.has("interval") ? duration(cx, s, sat, "interval", who) : null;
                        if (d == null && !s.has("interval")) {
                            cx.problem(sat + ".interval", who + ": minInterval needs \"interval\", e.g. \"500ms\"");
                        }
                        yield d == null ? null : new StageSpec.MinIntervalSpec(d.toMillis());
                    }
                    case "window" -> {
                        unknownFields(cx, s, sat, Set.of("kind", "period", "aggregates"), who + " window");
                        Duration d = s.has("period") ? duration(cx, s, sat, "period", who) : null;
                        if (d == null && !s.has("period")) {
                            cx.problem(sat + ".period", who + ": window needs \"period\", e.g. \"10s\"");
                        }
                        Set<WindowAggregate.Aggregate> aggs = aggregates(cx, s, sat, who);
                        yield d == null || aggs == null ? null : new StageSpec.WindowSpec(d.toMillis(), aggs);
                    }
                    case "alarm" -> {
                        unknownFields(cx, s, sat, Set.of("kind", "low", "high", "hysteresis"), who + " alarm");
                        if (!s.has("low") && !s.has("high")) {
                            cx.problem(sat, who + ": alarm needs \"high\", \"low\" or both");
                        }
                        StageSpec.AlarmSpec a = new StageSpec.AlarmSpec(number(cx, s, sat, "low", Double.NEGATIVE_INFINITY, who),
                                number(cx, s, sat, "high", Double.POSITIVE_INFINITY, who), nonNegative(cx, s, sat, "hysteresis", who));
                        a.create(); // checks low < high and the hysteresis
                        yield a;
                    }
                    default -> {
                        EdgeStageFactory f = stageFactories.apply(kind);
                        if (f == null) {
                            cx.problem(sat + ".kind", who + ": unknown stage kind '" + kind
                                    + "' (built in: deadband, minInterval, window, alarm; others come from installed stage bundles)");
                            yield null;
                        }
                        Map<String, Object> settings = new LinkedHashMap<>();
                        for (Map.Entry<String, JsonElement> e : s.entrySet()) {
                            if (!e.getKey().equals("kind") && e.getValue().isJsonPrimitive()) {
                                JsonPrimitive p = e.getValue().getAsJsonPrimitive();
                                settings.put(e.getKey(), p.isNumber() ? p.getAsDouble() : p.isBoolean() ? p.getAsBoolean() : p.getAsString());
                            }
                        }
                        StageSpec.CustomSpec c = new StageSpec.CustomSpec(f, Map.copyOf(settings));
                        c.create();
                        yield c;
                    }
                };
                if (spec != null) {
                    out.add(spec);
                }
            } catch (IllegalArgumentException e) {
                cx.problem(sat, who + ": " + e.getMessage());
            }
        }
        return out;
    }

    private Set<WindowAggregate.Aggregate> aggregates(Context cx, JsonObject s, String at, String who) {
        JsonArray arr = array(cx, s, at, "aggregates", false);
        if (arr == null) {
            return EnumSet.of(WindowAggregate.Aggregate.MIN, WindowAggregate.Aggregate.MAX, WindowAggregate.Aggregate.MEAN);
        }
        Set<WindowAggregate.Aggregate> out = EnumSet.noneOf(WindowAggregate.Aggregate.class);
        for (int i = 0; i < arr.size(); i++) {
            String name = arr.get(i).isJsonPrimitive() ? arr.get(i).getAsString() : String.valueOf(arr.get(i));
            try {
                out.add(WindowAggregate.Aggregate.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                cx.problem(at + ".aggregates[" + i + "]", who + ": unknown aggregate '" + name + "' (expected min, max, mean, count, last)");
                return null;
            }
        }
        if (out.isEmpty()) {
            cx.problem(at + ".aggregates", who + ": name at least one aggregate of min, max, mean, count, last");
            return null;
        }
        return out;
    }

    private static void unknownFields(Context cx, JsonObject o, String at, Set<String> known, String who) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                cx.problem(at + "." + k, who + ": unknown field '" + k + "' (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    private static String string(Context cx, JsonObject o, String at, String key, String dflt, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                cx.problem(at + "." + key, "device '" + cx.device + "': missing required field '" + key + "'");
            }
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            cx.problem(at + "." + key, "device '" + cx.device + "': '" + key + "' must be a string, was " + e);
            return null;
        }
        return e.getAsString();
    }

    private static double number(Context cx, JsonObject o, String at, String key, double dflt, String who) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            cx.problem(at + "." + key, who + ": '" + key + "' must be a number, was " + e);
            return dflt;
        }
        return e.getAsDouble();
    }

    private static double nonNegative(Context cx, JsonObject o, String at, String key, String who) {
        double d = number(cx, o, at, key, 0, who);
        if (d < 0) {
            cx.problem(at + "." + key, who + ": '" + key + "' must be zero or more, was " + d);
            return 0;
        }
        return d;
    }

    private static JsonArray array(Context cx, JsonObject o, String at, String key, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                cx.problem(at + "." + key, "device '" + cx.device + "': missing required field '" + key + "'");
            }
            return null;
        }
        if (!e.isJsonArray()) {
            cx.problem(at + "." + key, "device '" + cx.device + "': '" + key + "' must be an array");
            return null;
        }
        return e.getAsJsonArray();
    }

    private static Map<String, String> scalars(Context cx, JsonObject o, String at, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return Map.of();
        }
        if (!e.isJsonObject()) {
            cx.problem(at + "." + key, "device '" + cx.device + "': '" + key + "' must be an object of settings");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> s : e.getAsJsonObject().entrySet()) {
            if (!s.getValue().isJsonPrimitive()) {
                cx.problem(at + "." + key + "." + s.getKey(), "device '" + cx.device + "': setting '" + s.getKey()
                        + "' must be a string, number or boolean");
                continue;
            }
            out.put(s.getKey(), s.getValue().getAsString());
        }
        return out;
    }

    private static Duration duration(Context cx, JsonObject o, String at, String key, String who) {
        JsonElement e = o.get(key);
        Duration d = null;
        if (e != null && e.isJsonPrimitive()) {
            d = parseDuration(e.getAsString());
        }
        if (d == null || d.isZero()) {
            cx.problem(at + "." + key, who + ": '" + key + "' must be a positive duration like \"250ms\", \"2s\", \"1m\" (or milliseconds as a number), was " + e);
            return null;
        }
        return d;
    }

    /**
     * @param text {@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, or a number of milliseconds
     * @return the duration, or {@code null} when the text is not one
     * @see org.mviot.edge.api.device.DurationSyntax the one grammar, shared with the drivers
     */
    public static Duration parseDuration(String text) {
        return org.mviot.edge.api.device.DurationSyntax.parse(text).orElse(null);
    }

    private static final class Context {
        final String origin;
        final List<DescriptorProblem> problems = new ArrayList<>();
        String device = "?";

        Context(String origin) {
            this.origin = origin;
        }

        void problem(String path, String message) {
            problems.add(new DescriptorProblem(origin, path, message));
        }
    }
}
