package org.mviot.edge.cloud.mqtt.internal.codec;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON text into a {@link StringBuilder}. Small and allocation-light because it runs once
 * per uplink message; no library is needed for the few shapes the Ditto envelope has.
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {
    }

    /**
     * Appends a value: {@code null}, {@link Boolean}, {@link Number}, {@link CharSequence},
     * {@link Map} with string keys (in iteration order) or {@link List}; anything else as its
     * string. Non-finite numbers become {@code null}, which JSON has no other way to say.
     *
     * @param out   where to write
     * @param value the value
     */
    public static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                    // keep the decimal point so a consumer still sees a floating-point number
                    out.append((long) d).append(".0");
                } else {
                    out.append(d);
                }
            } else {
                out.append("null");
            }
        } else if (value instanceof Number n) {
            out.append(n.longValue());
        } else if (value instanceof CharSequence s) {
            string(out, s);
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                value(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, l.get(i));
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    /**
     * Appends a quoted, escaped string.
     *
     * @param out where to write
     * @param s   the text
     */
    public static void string(StringBuilder out, CharSequence s) {
        out.append('"');
        int n = s.length();
        int plain = 0;
        while (plain < n && !escaped(s.charAt(plain))) {
            plain++;
        }
        // the common case (names, paths, numbers as text) has nothing to escape: one bulk append
        if (plain == n && s instanceof String str) {
            out.append(str);
        } else {
            out.append(s, 0, plain);
        }
        for (int i = plain; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean escaped(char c) {
        return c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029;
    }

    /**
     * @param value a value as {@link #value(StringBuilder, Object)} takes it
     * @return its JSON text
     */
    public static String toJson(Object value) {
        StringBuilder sb = new StringBuilder();
        value(sb, value);
        return sb.toString();
    }
}
