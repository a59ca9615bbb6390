package org.mviot.edge.driver.coap.internal.payload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A JSON pointer (RFC 6901), e.g. {@code /sensors/0/temp}. Hand-written because Gson, the JSON
 * library of the runtime, has none, and the whole of RFC 6901 is splitting on {@code /} and two
 * escapes; a second JSON library embedded for this would be larger than this class.
 */
public final class JsonPointer {

    private final String text;
    private final List<String> tokens;

    private JsonPointer(String text, List<String> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /**
     * @param text {@code ""} (the whole document) or {@code /token/token...} with {@code ~0} for {@code ~} and {@code ~1} for {@code /}
     * @return the pointer
     * @throws IllegalArgumentException naming what is wrong
     */
    public static JsonPointer parse(String text) {
        if (text.isEmpty()) {
            return new JsonPointer(text, List.of());
        }
        if (text.charAt(0) != '/') {
            throw new IllegalArgumentException("a JSON pointer is empty or starts with /");
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder t = new StringBuilder();
        for (int i = 1; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '/';
            if (c == '/') {
                tokens.add(t.toString());
                t.setLength(0);
            } else if (c == '~') {
                char n = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
                if (n != '0' && n != '1') {
                    throw new IllegalArgumentException("in a JSON pointer ~ is followed by 0 or 1");
                }
                t.append(n == '0' ? '~' : '/');
                i++;
            } else {
                t.append(c);
            }
        }
        return new JsonPointer(text, List.copyOf(tokens));
    }

    /**
     * @return the reference tokens, unescaped
     */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * @param document a JSON document
     * @return the element the pointer refers to, if there is one
     */
    public Optional<JsonElement> find(JsonElement document) {
        JsonElement e = document;
        for (String token : tokens) {
            if (e instanceof JsonObject o) {
                e = o.get(token);
            } else if (e instanceof JsonArray a) {
                int index = arrayIndex(token);
                e = index >= 0 && index < a.size() ? a.get(index) : null;
            } else {
                return Optional.empty();
            }
            if (e == null) {
                return Optional.empty();
            }
        }
        return Optional.of(e);
    }

    private static int arrayIndex(String token) {
        // RFC 6901: "0" or digits without a leading zero
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }

    @Override
    public String toString() {
        return text;
    }
}
