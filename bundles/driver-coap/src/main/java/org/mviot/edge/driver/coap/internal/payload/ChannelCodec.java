package org.mviot.edge.driver.coap.internal.payload;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.driver.DriverSettings;

/**
 * How one channel's value is taken from a payload and written into one: its format, and for JSON the
 * pointer, for SenML the record name.
 *
 * @param format     the payload format
 * @param type       the channel's type
 * @param pointer    for {@link PayloadFormat#JSON}: where the value is; the empty pointer for others
 * @param senmlName  for {@link PayloadFormat#SENML}: the record's resolved name
 */
public record ChannelCodec(PayloadFormat format, ChannelType type, JsonPointer pointer, String senmlName) {

    /**
     * A decoded value with the device's own time, when the payload had one.
     *
     * @param value          Boolean, Long, Double or String, of the channel's type
     * @param deviceMillis   the device's time in milliseconds since the epoch, 0 when it gave none
     */
    public record Value(Object value, long deviceMillis) {
    }

    /**
     * @param payload a payload of the channel's resource
     * @return the channel's value in it
     * @throws MalformedPayloadException when it has none, or one of the wrong kind
     */
    public Value decode(Payload payload) throws MalformedPayloadException {
        switch (format) {
            case TEXT:
                String t = payload.text();
                return new Value(Values.fromText(type == ChannelType.STRING ? t : t.trim(), type), 0);
            case JSON:
                JsonElement e = pointer.find(payload.json())
                        .orElseThrow(() -> new MalformedPayloadException("JSON has nothing at pointer " + DriverSettings.quote(pointer.toString())));
                return new Value(fromJson(e), 0);
            default:
                SenmlPack.Entry r = (format == PayloadFormat.SENML_CBOR ? payload.senmlCbor() : payload.senml()).get(senmlName)
                        .orElseThrow(() -> new MalformedPayloadException("SenML pack has no record named " + DriverSettings.quote(senmlName)));
                return new Value(fromSenml(r.value()), r.timeMillis());
        }
    }

    private Object fromJson(JsonElement e) throws MalformedPayloadException {
        if (e instanceof JsonPrimitive p) {
            if (p.isBoolean()) {
                return Values.fromBoolean(p.getAsBoolean(), type);
            }
            if (p.isNumber()) {
                return Values.fromNumber(Values.number(p.getAsString()), type);
            }
            return Values.fromText(p.getAsString(), type);
        }
        throw new MalformedPayloadException("JSON at pointer " + DriverSettings.quote(pointer.toString()) + " is "
                + (e.isJsonNull() ? "null" : e.isJsonArray() ? "an array" : "an object") + ", not a value");
    }

    private Object fromSenml(Object v) throws MalformedPayloadException {
        if (v instanceof BigDecimal n) {
            return Values.fromNumber(n, type);
        }
        if (v instanceof Boolean b) {
            return Values.fromBoolean(b, type);
        }
        return Values.fromText((String) v, type);
    }

    /**
     * @param value a value of the channel's type, from a twin command
     * @return the payload to PUT or POST
     */
    public byte[] encode(Object value) {
        return switch (format) {
            case TEXT -> plain(value).getBytes(StandardCharsets.UTF_8);
            case JSON -> nested(json(value)).toString().getBytes(StandardCharsets.UTF_8);
            case SENML -> senml(value).toString().getBytes(StandardCharsets.UTF_8);
            case SENML_CBOR -> SenmlCbor.record(senmlName, value);
        };
    }

    private static String plain(Object value) {
        return value instanceof Double d ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(value);
    }

    private static JsonPrimitive json(Object value) {
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        return new JsonPrimitive(String.valueOf(value));
    }

    /** {@code {"a":{"b":v}}} for pointer {@code /a/b}; the bare value for the empty pointer. */
    private JsonElement nested(JsonElement leaf) {
        JsonElement e = leaf;
        for (int i = pointer.tokens().size() - 1; i >= 0; i--) {
            JsonObject o = new JsonObject();
            o.add(pointer.tokens().get(i), e);
            e = o;
        }
        return e;
    }

    private JsonArray senml(Object value) {
        JsonObject r = new JsonObject();
        r.addProperty("n", senmlName);
        if (value instanceof Boolean b) {
            r.addProperty("vb", b);
        } else if (value instanceof Number n) {
            r.addProperty("v", n);
        } else {
            r.addProperty("vs", String.valueOf(value));
        }
        JsonArray a = new JsonArray();
        a.add(r);
        return a;
    }
}
