package org.mviot.edge.driver.coap.internal.payload;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.mviot.edge.api.driver.DriverSettings;

/**
 * A SenML pack in JSON (RFC 8428 §4, §5): records with base fields resolved, by resolved name
 * ({@code bn} + {@code n}). Sum ({@code s}) and data ({@code vd}) values are kept as a number and
 * a string. A name that occurs more than once keeps its last record (RFC 8428 orders records by
 * time within a pack). Times are resolved to milliseconds since the epoch; a time below 2^28 is
 * relative to now (§4.5.3).
 */
public final class SenmlPack {

    private static final double RELATIVE_BELOW = 1 << 28;

    /**
     * One resolved record.
     *
     * @param name       resolved name
     * @param value      a {@link BigDecimal}, {@link String} or {@link Boolean}
     * @param timeMillis the record's time in milliseconds since the epoch
     */
    public record Entry(String name, Object value, long timeMillis) {
    }

    private final Map<String, Entry> byName;

    private SenmlPack(Map<String, Entry> byName) {
        this.byName = byName;
    }

    /**
     * @param name a resolved record name
     * @return its last record in the pack
     */
    public Optional<Entry> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * @return how many distinct names the pack has
     */
    public int size() {
        return byName.size();
    }

    /**
     * @return the records by resolved name
     */
    public Map<String, Entry> entries() {
        return Map.copyOf(byName);
    }

    /**
     * @param document a parsed JSON document
     * @param nowMillis the time relative times are counted from
     * @return the pack
     * @throws MalformedPayloadException when it is not a SenML pack
     */
    public static SenmlPack of(JsonElement document, long nowMillis) throws MalformedPayloadException {
        if (!(document instanceof JsonArray array)) {
            throw new MalformedPayloadException("a SenML pack is a JSON array of records");
        }
        Map<String, Entry> byName = new HashMap<>();
        String baseName = "";
        BigDecimal baseTime = BigDecimal.ZERO;
        BigDecimal baseValue = BigDecimal.ZERO;
        int index = 0;
        for (JsonElement e : array) {
            if (!(e instanceof JsonObject r)) {
                throw new MalformedPayloadException("SenML record " + index + " is not a JSON object");
            }
            if (r.has("bn")) {
                baseName = text(r, "bn", index);
            }
            if (r.has("bt")) {
                baseTime = number(r, "bt", index);
            }
            if (r.has("bv")) {
                baseValue = number(r, "bv", index);
            }
            if (r.has("bver")) {
                BigDecimal version = number(r, "bver", index);
                if (version.compareTo(BigDecimal.valueOf(10)) > 0) {
                    throw new MalformedPayloadException("SenML record " + index + ": version " + version + " is newer than 10");
                }
            }
            String name = baseName + (r.has("n") ? text(r, "n", index) : "");
            Object value = value(r, index, baseValue);
            if (value != null) {
                if (name.isEmpty()) {
                    throw new MalformedPayloadException("SenML record " + index + " has a value but no name (n or bn)");
                }
                BigDecimal t = baseTime.add(r.has("t") ? number(r, "t", index) : BigDecimal.ZERO);
                double seconds = t.doubleValue();
                long millis = seconds < RELATIVE_BELOW ? nowMillis + (long) (seconds * 1000) : (long) (seconds * 1000);
                byName.put(name, new Entry(name, value, millis));
            }
            index++;
        }
        return new SenmlPack(byName);
    }

    private static Object value(JsonObject r, int index, BigDecimal baseValue) throws MalformedPayloadException {
        int kinds = (r.has("v") ? 1 : 0) + (r.has("vs") ? 1 : 0) + (r.has("vb") ? 1 : 0) + (r.has("vd") ? 1 : 0);
        if (kinds > 1) {
            throw new MalformedPayloadException("SenML record " + index + " has more than one of v, vs, vb, vd");
        }
        if (r.has("v")) {
            return baseValue.add(number(r, "v", index));
        }
        if (r.has("vs")) {
            return text(r, "vs", index);
        }
        if (r.has("vd")) {
            return text(r, "vd", index);
        }
        if (r.has("vb")) {
            JsonElement b = r.get("vb");
            if (b instanceof JsonPrimitive p && p.isBoolean()) {
                return p.getAsBoolean();
            }
            throw new MalformedPayloadException("SenML record " + index + ": vb is not a boolean");
        }
        if (r.has("s")) {
            return number(r, "s", index);
        }
        return null;
    }

    private static String text(JsonObject r, String key, int index) throws MalformedPayloadException {
        JsonElement e = r.get(key);
        if (e instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        throw new MalformedPayloadException("SenML record " + index + ": " + key + " is not a string");
    }

    private static BigDecimal number(JsonObject r, String key, int index) throws MalformedPayloadException {
        JsonElement e = r.get(key);
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            return Values.number(p.getAsString());
        }
        throw new MalformedPayloadException("SenML record " + index + ": " + key + " is not a number, got "
                + DriverSettings.quote(String.valueOf(e)));
    }
}
