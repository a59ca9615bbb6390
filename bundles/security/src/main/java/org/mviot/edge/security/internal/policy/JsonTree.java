package org.mviot.edge.security.internal.policy;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads a policy file's JSON strictly: RFC 8259 only, a key given twice in one object refused
 * (Gson's own tree would keep the last one silently, and a policy must mean one thing), nesting
 * bounded. Errors name the file and the JSON path.
 */
final class JsonTree {

    private JsonTree() {
    }

    static JsonElement read(Path file, String json) throws PolicyException {
        JsonReader r = new JsonReader(new StringReader(json));
        r.setStrictness(Strictness.STRICT);
        try {
            JsonElement e = value(file, r, 0);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new PolicyException(file, r.getPath(), "more than one JSON value in the file");
            }
            return e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            String m = String.valueOf(e.getMessage());
            // Gson appends a link to its troubleshooting guide: the line and column tell enough
            int see = m.indexOf("\nSee ");
            throw new PolicyException(file, r.getPath(), "not valid JSON: " + (see > 0 ? m.substring(0, see) : m));
        }
    }

    private static JsonElement value(Path file, JsonReader r, int depth) throws IOException, PolicyException {
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                nest(file, r, depth);
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    if (o.has(name)) {
                        throw new PolicyException(file, r.getPath(), "key given twice in one object");
                    }
                    o.add(name, value(file, r, depth + 1));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                nest(file, r, depth);
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(value(file, r, depth + 1));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new PolicyException(file, r.getPath(), "expected a JSON value, found " + r.peek());
        }
    }

    private static void nest(Path file, JsonReader r, int depth) throws PolicyException {
        if (depth >= PolicyLimits.MAX_DEPTH) {
            throw new PolicyException(file, r.getPath(), "nested deeper than " + PolicyLimits.MAX_DEPTH + " levels");
        }
    }
}
