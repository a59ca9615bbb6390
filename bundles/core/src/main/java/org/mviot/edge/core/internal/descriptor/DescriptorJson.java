package org.mviot.edge.core.internal.descriptor;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.mviot.edge.core.internal.log.LogSafe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Turns a descriptor's text into a JSON object within {@link DescriptorLimits}: a first streaming
 * pass over the tokens checks the size, the nesting depth and the length of every string, name and
 * number without building anything; only a document within bounds is then parsed into a tree by
 * Gson (lenient, as descriptors always were read: comments are allowed). So no document can make
 * the tree deep or large, whatever Gson's own limits are.
 */
final class DescriptorJson {

    private DescriptorJson() {
    }

    /**
     * @param origin the file or document, for messages
     * @param text   its text
     * @return the root object
     * @throws DescriptorException naming the origin, the JSON path and the limit or syntax error
     */
    static JsonObject parse(String origin, String text) throws DescriptorException {
        if (text.length() > DescriptorLimits.MAX_FILE_BYTES) {
            throw problem(origin, "$", "the document has " + text.length() + " characters, over the limit of "
                    + DescriptorLimits.MAX_FILE_BYTES + " (1 MiB) for a device descriptor; it was not read");
        }
        checkBounds(origin, text);
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            String msg = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw problem(origin, "$", "not valid JSON: " + LogSafe.text(msg, 500));
        }
        if (!root.isJsonObject()) {
            throw problem(origin, "$", "a device descriptor is a JSON object");
        }
        return root.getAsJsonObject();
    }

    /**
     * Walks the tokens once. A syntax error ends the walk quietly: the parse that follows reports it
     * as it always did.
     */
    private static void checkBounds(String origin, String text) throws DescriptorException {
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.LENIENT);
            int depth = 0;
            while (true) {
                JsonToken t = r.peek();
                switch (t) {
                    case BEGIN_OBJECT, BEGIN_ARRAY -> {
                        if (++depth > DescriptorLimits.MAX_JSON_DEPTH) {
                            throw problem(origin, path(r), "JSON nests deeper than " + DescriptorLimits.MAX_JSON_DEPTH
                                    + " levels of objects and arrays (the limit for a device descriptor)");
                        }
                        if (t == JsonToken.BEGIN_OBJECT) {
                            r.beginObject();
                        } else {
                            r.beginArray();
                        }
                    }
                    case END_OBJECT -> {
                        depth--;
                        r.endObject();
                    }
                    case END_ARRAY -> {
                        depth--;
                        r.endArray();
                    }
                    case NAME -> bounded(origin, r, "a field name", r.nextName());
                    case STRING, NUMBER -> bounded(origin, r, t == JsonToken.STRING ? "a string" : "a number", r.nextString());
                    case BOOLEAN -> r.nextBoolean();
                    case NULL -> r.nextNull();
                    case END_DOCUMENT -> {
                        return;
                    }
                    default -> throw new IllegalStateException("unexpected JSON token " + t);
                }
                if (depth == 0) {
                    return; // one top-level value: whatever follows is the parser's to report
                }
            }
        } catch (IOException | IllegalStateException | NumberFormatException syntaxError) {
            // not valid JSON: reported by the parse
        }
    }

    private static void bounded(String origin, JsonReader r, String what, String value) throws DescriptorException {
        if (value.length() > DescriptorLimits.MAX_STRING_CHARS) {
            throw problem(origin, path(r), what + " of " + value.length() + " characters (" + LogSafe.quote(value)
                    + "), over the limit of " + DescriptorLimits.MAX_STRING_CHARS + " for a device descriptor");
        }
    }

    /** Gson's path of the reader's position, cut off: its field names are the document's. */
    private static String path(JsonReader r) {
        return LogSafe.text(r.getPath(), 300);
    }

    private static DescriptorException problem(String origin, String path, String message) {
        return new DescriptorException(List.of(new DescriptorProblem(origin, path, message)));
    }
}
