package org.mviot.edge.core.internal.descriptor;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.regex.Pattern;

import org.mviot.edge.core.internal.log.LogSafe;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Turns a descriptor's text into a JSON object within {@link DescriptorLimits}: a first streaming
 * pass over the tokens checks the size, the nesting depth and the length of every string, name and
 * number without building anything; only a document within bounds is then parsed into a tree by
 * Gson. So no document can make the tree deep or large, whatever Gson's own limits are.
 *
 * <p>The parse is strict JSON (RFC 8259): no comments, single quotes, unquoted names or trailing text. A descriptor is
 * read by more than the gateway (the JSON Schema, editors, {@code jq}, configuration tools), and every JSON tool
 * refuses those; a gateway that accepted them would let a file pass here that fails everywhere else.
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
            root = strict(text);
        } catch (IOException | JsonParseException | IllegalStateException e) {
            String msg = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw problem(origin, "$", "not valid JSON: " + LogSafe.text(withoutGsonAdvice(msg), 500) + lenientHint(text));
        }
        if (!root.isJsonObject()) {
            throw problem(origin, "$", "a device descriptor is a JSON object");
        }
        return root.getAsJsonObject();
    }

    private static final TypeAdapter<JsonElement> TREE = new Gson().getAdapter(JsonElement.class);
    private static final Pattern ADVICE = Pattern.compile("^Use JsonReader\\.setStrictness\\([^)]*\\) to accept malformed JSON ");
    private static final Pattern DOC_LINK = Pattern.compile("\\s*See https?://\\S+\\s*$");

    /** One JSON value and nothing after it, read strictly (a TypeAdapter keeps the reader's strictness; JsonParser would relax it). */
    private static JsonElement strict(String text) throws IOException {
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            JsonElement e = TREE.read(r);
            boolean more;
            try {
                more = r.peek() != JsonToken.END_DOCUMENT;
            } catch (IOException second) {
                more = true; // a strict reader refuses a second value before looking at it
            }
            if (more) {
                throw new JsonParseException("text after the device's JSON object at " + r.toString().replaceFirst("^JsonReader at ", "")
                        + " (one object per file)");
            }
            return e;
        }
    }

    /** Gson's message tells a programmer how to relax the parser: a person editing a file needs only where. */
    private static String withoutGsonAdvice(String msg) {
        String m = msg == null ? "" : msg;
        m = ADVICE.matcher(m).replaceFirst("");
        return DOC_LINK.matcher(m).replaceFirst("");
    }

    /** Says so when the text is only lenient JSON: a comment is the likely cause. */
    private static String lenientHint(String text) {
        try {
            JsonParser.parseString(text);
            return " (comments, single quotes, unquoted names and trailing commas are not JSON: remove them;"
                    + " a \"description\" field holds notes)";
        } catch (JsonParseException e) {
            return "";
        }
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
