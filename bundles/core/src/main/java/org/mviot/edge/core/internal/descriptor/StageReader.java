package org.mviot.edge.core.internal.descriptor;

import static org.mviot.edge.core.internal.descriptor.JsonFields.array;
import static org.mviot.edge.core.internal.descriptor.JsonFields.duration;
import static org.mviot.edge.core.internal.descriptor.JsonFields.nonNegative;
import static org.mviot.edge.core.internal.descriptor.JsonFields.number;
import static org.mviot.edge.core.internal.descriptor.JsonFields.string;
import static org.mviot.edge.core.internal.descriptor.JsonFields.unknownFields;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.mviot.edge.api.edge.EdgeStageFactory;
import org.mviot.edge.core.internal.log.LogSafe;
import org.mviot.edge.core.internal.pipeline.WindowAggregate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Reads the {@code stages} array of a channel: the built-in kinds (deadband, minInterval, window,
 * alarm) and kinds contributed by stage bundles, whose settings their factory checks.
 */
final class StageReader {

    private final Function<String, EdgeStageFactory> stageFactories;

    /** @param stageFactories stage kinds contributed by other bundles, by kind; {@code null} for unknown kinds */
    StageReader(Function<String, EdgeStageFactory> stageFactories) {
        this.stageFactories = stageFactories;
    }

    List<StageSpec> read(ParseContext cx, JsonObject o, String at, String who, boolean text) {
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
                StageSpec spec = stage(cx, s, sat, who, kind);
                if (spec != null) {
                    out.add(spec);
                }
            } catch (IllegalArgumentException e) {
                cx.problem(sat, who + ": " + LogSafe.text(e.getMessage(), 500));
            }
        }
        return out;
    }

    private StageSpec stage(ParseContext cx, JsonObject s, String sat, String who, String kind) {
        return switch (kind) {
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
            default -> custom(cx, s, sat, who, kind);
        };
    }

    private StageSpec custom(ParseContext cx, JsonObject s, String sat, String who, String kind) {
        EdgeStageFactory f = stageFactories.apply(kind);
        if (f == null) {
            cx.problem(sat + ".kind", who + ": unknown stage kind " + LogSafe.quote(kind)
                    + " (built in: deadband, minInterval, window, alarm; others come from installed stage bundles)");
            return null;
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : s.entrySet()) {
            if (!e.getKey().equals("kind") && e.getValue().isJsonPrimitive()) {
                JsonPrimitive p = e.getValue().getAsJsonPrimitive();
                settings.put(e.getKey(), p.isNumber() ? p.getAsDouble() : p.isBoolean() ? p.getAsBoolean() : p.getAsString());
            }
        }
        StageSpec.CustomSpec c = new StageSpec.CustomSpec(f, Map.copyOf(settings));
        try {
            c.create(); // the factory checks its settings
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) { // another bundle's code: its bug is this stage's problem, not the parse's end
            cx.problem(sat, who + ": stage kind " + LogSafe.quote(kind) + " failed on these settings: " + LogSafe.text(e.toString(), 500));
            return null;
        }
        return c;
    }

    private static Set<WindowAggregate.Aggregate> aggregates(ParseContext cx, JsonObject s, String at, String who) {
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
                cx.problem(at + ".aggregates[" + i + "]", who + ": unknown aggregate " + LogSafe.quote(name) + " (expected min, max, mean, count, last)");
                return null;
            }
        }
        if (out.isEmpty()) {
            cx.problem(at + ".aggregates", who + ": name at least one aggregate of min, max, mean, count, last");
            return null;
        }
        return out;
    }
}
