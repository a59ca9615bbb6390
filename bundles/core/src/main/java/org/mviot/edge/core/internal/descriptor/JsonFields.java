package org.mviot.edge.core.internal.descriptor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.mviot.edge.core.internal.log.LogSafe;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Typed reading of one field of a descriptor's JSON object at a JSON path: the value, or a problem
 * naming the path and what was expected (recorded in the {@link ParseContext}) and a default, so
 * reading goes on and every problem is found. What a file holds is quoted with {@link LogSafe}
 * wherever it reaches a message.
 */
final class JsonFields {

    private JsonFields() {
    }

    static void unknownFields(ParseContext cx, JsonObject o, String at, Set<String> known, String who) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                cx.problem(at + "." + LogSafe.text(k), who + ": unknown field " + LogSafe.quote(k) + " (known: " + new TreeSet<>(known) + ")");
            }
        }
    }

    static String string(ParseContext cx, JsonObject o, String at, String key, String dflt, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                cx.problem(at + "." + key, "device '" + cx.device + "': missing required field '" + key + "'");
            }
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            cx.problem(at + "." + key, "device '" + cx.device + "': '" + key + "' must be a string, was " + shown(e));
            return null;
        }
        return e.getAsString();
    }

    static double number(ParseContext cx, JsonObject o, String at, String key, double dflt, String who) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            cx.problem(at + "." + key, who + ": '" + key + "' must be a number, was " + shown(e));
            return dflt;
        }
        return e.getAsDouble();
    }

    static double nonNegative(ParseContext cx, JsonObject o, String at, String key, String who) {
        double d = number(cx, o, at, key, 0, who);
        if (d < 0) {
            cx.problem(at + "." + key, who + ": '" + key + "' must be zero or more, was " + d);
            return 0;
        }
        return d;
    }

    static JsonArray array(ParseContext cx, JsonObject o, String at, String key, boolean required) {
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

    static Map<String, String> scalars(ParseContext cx, JsonObject o, String at, String key) {
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
                cx.problem(at + "." + key + "." + LogSafe.text(s.getKey()), "device '" + cx.device + "': setting "
                        + LogSafe.quote(s.getKey()) + " must be a string, number or boolean");
                continue;
            }
            out.put(s.getKey(), s.getValue().getAsString());
        }
        return out;
    }

    /**
     * A duration within {@link DescriptorLimits#MIN_DURATION} and {@link DescriptorLimits#MAX_DURATION}.
     *
     * @return the duration, or {@code null} after recording a problem that names the key path and the limits
     */
    static Duration duration(ParseContext cx, JsonObject o, String at, String key, String who) {
        JsonElement e = o.get(key);
        BigDecimal ms = e != null && e.isJsonPrimitive() ? DurationText.millis(e.getAsString()) : null;
        BigDecimal rounded = ms == null ? null : ms.setScale(0, RoundingMode.HALF_UP);
        if (rounded == null || rounded.signum() == 0) {
            cx.problem(at + "." + key, who + ": '" + key + "' must be a positive duration like \"250ms\", \"2s\", \"1m\" (or milliseconds as a number), was "
                    + shown(e));
            return null;
        }
        long min = DescriptorLimits.MIN_DURATION.toMillis();
        long max = DescriptorLimits.MAX_DURATION.toMillis();
        if (rounded.compareTo(BigDecimal.valueOf(min)) < 0 || rounded.compareTo(BigDecimal.valueOf(max)) > 0) {
            cx.problem(at + "." + key, who + ": '" + key + "' is " + shown(e) + ", outside the limits for a duration: from "
                    + min + "ms to " + max + "ms (24h)");
            return null;
        }
        return Duration.ofMillis(rounded.longValueExact());
    }

    /** @return a JSON value as a message shows it: cut off and escaped */
    static String shown(JsonElement e) {
        return e == null ? "null" : LogSafe.text(e.toString());
    }
}
