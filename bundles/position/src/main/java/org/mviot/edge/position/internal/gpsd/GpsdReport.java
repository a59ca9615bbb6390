package org.mviot.edge.position.internal.gpsd;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.mviot.edge.position.internal.gnss.GnssTracker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One line of gpsd's JSON protocol applied to a {@link GnssTracker}: TPV (mode, lat, lon, altHAE,
 * eph, time) and SKY (hdop, satellites used); VERSION, DEVICES, WATCH and the rest are ignored. A
 * line that is not a JSON object with a known class and sane values changes nothing.
 */
final class GpsdReport {

    /** What a line was. */
    enum Kind {
        /** A TPV with a 2D or 3D fix. */
        FIX,
        /** A TPV with mode 0 or 1: no fix. */
        NO_FIX,
        /** A SKY report. */
        SKY,
        /** Another class (VERSION, DEVICES, WATCH, …). */
        OTHER,
        /** Not a gpsd report. */
        INVALID
    }

    private GpsdReport() {
    }

    /**
     * @param line      the line
     * @param tracker   where a fix goes
     * @param nowMillis gateway time
     * @param nowNanos  {@link System#nanoTime()}
     * @return what it was
     */
    static Kind apply(String line, GnssTracker tracker, long nowMillis, long nowNanos) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                return Kind.INVALID;
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            // includes Gson's nesting limit (255 levels): a hostile line cannot exhaust the stack
            return Kind.INVALID;
        }
        String cls = string(o, "class");
        if ("TPV".equals(cls)) {
            int mode = (int) number(o, "mode", 0);
            if (mode < 2) {
                tracker.lost("gpsd reports no fix (TPV mode " + mode + ")", nowMillis);
                return Kind.NO_FIX;
            }
            double lat = number(o, "lat", Double.NaN);
            double lon = number(o, "lon", Double.NaN);
            if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
                return Kind.INVALID;
            }
            double alt = o.has("altHAE") ? number(o, "altHAE", Double.NaN) : Double.NaN;
            double eph = number(o, "eph", Double.NaN);
            if (Double.isNaN(eph) && o.has("epx") && o.has("epy")) {
                double epx = number(o, "epx", Double.NaN);
                double epy = number(o, "epy", Double.NaN);
                eph = Math.sqrt(epx * epx + epy * epy);
            }
            tracker.fix(lat, lon, alt, mode, eph, time(string(o, "time")), nowMillis, nowNanos);
            return Kind.FIX;
        }
        if ("SKY".equals(cls)) {
            int used = (int) number(o, "uSat", -1);
            if (used < 0 && o.has("satellites") && o.get("satellites").isJsonArray()) {
                used = 0;
                for (JsonElement s : o.getAsJsonArray("satellites")) {
                    if (s.isJsonObject() && s.getAsJsonObject().has("used") && s.getAsJsonObject().get("used").isJsonPrimitive()
                            && s.getAsJsonObject().get("used").getAsJsonPrimitive().isBoolean() && s.getAsJsonObject().get("used").getAsBoolean()) {
                        used++;
                    }
                }
            }
            tracker.satellites(used, number(o, "hdop", Double.NaN));
            return Kind.SKY;
        }
        return cls == null ? Kind.INVALID : Kind.OTHER;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    private static double number(JsonObject o, String key, double otherwise) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return otherwise;
        }
        try {
            double d = e.getAsDouble();
            return Double.isFinite(d) ? d : otherwise;
        } catch (NumberFormatException x) {
            return otherwise;
        }
    }

    private static long time(String iso) {
        if (iso == null || iso.length() > 40) {
            return -1;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
