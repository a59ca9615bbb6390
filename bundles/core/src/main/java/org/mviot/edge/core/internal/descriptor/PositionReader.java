package org.mviot.edge.core.internal.descriptor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Set;

/** Reads a descriptor's optional {@code position}: {@code "gateway"} or {@code {"lat", "lon", "alt"}}. */
final class PositionReader {

    private static final Set<String> FIELDS = Set.of("lat", "lon", "alt");

    private PositionReader() {
    }

    /**
     * @param cx the parse
     * @param o  the device object
     * @return the position, {@link DevicePosition#NONE} when absent or wrong (a problem is recorded)
     */
    static DevicePosition read(ParseContext cx, JsonObject o) {
        JsonElement e = o.get("position");
        if (e == null || e.isJsonNull()) {
            return DevicePosition.NONE;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            if (e.getAsString().equals("gateway")) {
                return DevicePosition.GATEWAY;
            }
            cx.problem("$.position", "device '" + cx.device + "': position is \"gateway\" or {\"lat\": …, \"lon\": …, \"alt\": …}, not "
                    + org.mviot.edge.core.internal.log.LogSafe.quote(e.getAsString()));
            return DevicePosition.NONE;
        }
        if (!e.isJsonObject()) {
            cx.problem("$.position", "device '" + cx.device + "': position is \"gateway\" or {\"lat\": …, \"lon\": …, \"alt\": …}");
            return DevicePosition.NONE;
        }
        JsonObject p = e.getAsJsonObject();
        for (String k : p.keySet()) {
            if (!FIELDS.contains(k)) {
                cx.problem("$.position." + org.mviot.edge.core.internal.log.LogSafe.line(k, 64), "device '" + cx.device
                        + "': unknown position field, expected lat, lon, alt");
            }
        }
        double lat = number(cx, p, "lat", -90, 90, true);
        double lon = number(cx, p, "lon", -180, 180, true);
        double alt = number(cx, p, "alt", -11_000, 100_000, false);
        if (Double.isNaN(lat) || Double.isNaN(lon)) {
            return DevicePosition.NONE;
        }
        return new DevicePosition(DevicePosition.Kind.FIXED, lat, lon, alt);
    }

    private static double number(ParseContext cx, JsonObject p, String key, double min, double max, boolean required) {
        JsonElement v = p.get(key);
        if (v == null) {
            if (required) {
                cx.problem("$.position." + key, "device '" + cx.device + "': position needs " + key);
            }
            return Double.NaN;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            cx.problem("$.position." + key, "device '" + cx.device + "': position " + key + " is a number");
            return Double.NaN;
        }
        double d = v.getAsDouble();
        if (!(d >= min && d <= max)) {
            cx.problem("$.position." + key, "device '" + cx.device + "': position " + key + " " + d + " is outside " + min + " to " + max);
            return Double.NaN;
        }
        return d;
    }
}
