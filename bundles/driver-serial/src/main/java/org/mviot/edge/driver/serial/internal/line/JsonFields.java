package org.mviot.edge.driver.serial.internal.line;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one JSON document from a line into its scalar fields, by dotted path ({@code a.b},
 * {@code list.0}). Small on purpose: devices send flat or shallow objects, and the serial bundle
 * stays free of a JSON library.
 */
final class JsonFields {

    /** Deepest nesting of objects and arrays read: the parser recurses per level, and the line comes from outside. */
    static final int MAX_DEPTH = 32;

    private final String s;
    private int i;
    private int depth;
    private final Map<String, String> out = new LinkedHashMap<>();

    private JsonFields(String s) {
        this.s = s;
    }

    /**
     * @param json a JSON document
     * @return its scalar fields by path, strings unquoted, {@code null} as "null"
     * @throws IllegalArgumentException when the text is not JSON
     */
    static Map<String, String> parse(String json) {
        JsonFields p = new JsonFields(json);
        p.value("");
        p.space();
        if (p.i != json.length()) {
            throw new IllegalArgumentException("text after the JSON document at " + p.i);
        }
        return p.out;
    }

    private void value(String path) {
        space();
        if (i >= s.length()) {
            throw new IllegalArgumentException("document ends early");
        }
        char c = s.charAt(i);
        if ((c == '{' || c == '[') && ++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH + " levels at " + i);
        }
        if (c == '{') {
            i++;
            space();
            if (peek('}')) {
                depth--;
                return;
            }
            do {
                space();
                String key = string();
                space();
                expect(':');
                value(path.isEmpty() ? key : path + "." + key);
                space();
            } while (consume(','));
            expect('}');
            depth--;
        } else if (c == '[') {
            i++;
            space();
            if (peek(']')) {
                depth--;
                return;
            }
            int n = 0;
            do {
                value(path.isEmpty() ? Integer.toString(n) : path + "." + n);
                n++;
                space();
            } while (consume(','));
            expect(']');
            depth--;
        } else if (c == '"') {
            out.put(path, string());
        } else {
            int start = i;
            while (i < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String lit = s.substring(start, i);
            if (!lit.equals("true") && !lit.equals("false") && !lit.equals("null") && !lit.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
                throw new IllegalArgumentException("'" + lit + "' is not a JSON value");
            }
            out.put(path, lit);
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && i < s.length()) {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new IllegalArgumentException("bad \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private boolean consume(char c) {
        return peek(c);
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i);
        }
        i++;
    }
}
