package org.mviot.edge.cloud.mqtt.internal.codec;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads downlink JSON (RFC 8259) with Gson's streaming reader in {@link Strictness#STRICT} mode
 * into plain Java values: objects become {@link LinkedHashMap}s (a repeated member name keeps its
 * last value), arrays {@link ArrayList}s, numbers {@link Long} when integral and in range else
 * {@link Double}, so that the downlink hands the core the value types a {@code Command} takes.
 * Input from the network is untrusted: nesting depth and string length are bounded (a string over
 * the bound is a {@link TooLarge}), text after the value is refused, and every error is a
 * {@link MalformedJsonException} saying what and where (line, column, path), never quoting the input.
 */
public final class StrictJson {

    /** Deepest nesting accepted; Ditto commands need a handful of levels. */
    public static final int MAX_DEPTH = 64;

    /** Longest string (value or member name) accepted, in chars; a command's own limits are smaller. */
    public static final int MAX_STRING_CHARS = 16_384;

    private StrictJson() {
    }

    /**
     * Parses one JSON document.
     *
     * @param text the document
     * @return the value
     * @throws MalformedJsonException when the text is not exactly one JSON value
     */
    public static Object parse(String text) {
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            r.setNestingLimit(MAX_DEPTH + 1);
            Object value = value(r, 0);
            JsonToken after;
            try {
                after = r.peek();
            } catch (IOException e) {
                // Gson's strict mode refuses a second top-level value with a hint about lenient mode
                throw new MalformedJsonException("unexpected text after the JSON value" + where(e.getMessage()));
            }
            if (after != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonException("unexpected text after the JSON value at " + r.getPath());
            }
            return value;
        } catch (IOException e) {
            throw new MalformedJsonException(describe(e));
        } catch (IllegalStateException | NumberFormatException e) {
            // Gson reports some malformed input (a token of the wrong kind) this way
            throw new MalformedJsonException(describe(e));
        }
    }

    private static Object value(JsonReader r, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedJsonException("nested deeper than " + MAX_DEPTH + " levels at " + r.getPath());
        }
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    String key = bounded(r.nextName(), r);
                    m.put(key, value(r, depth + 1));
                }
                r.endObject();
                return m;
            }
            case BEGIN_ARRAY -> {
                List<Object> l = new ArrayList<>();
                r.beginArray();
                while (r.hasNext()) {
                    l.add(value(r, depth + 1));
                }
                r.endArray();
                return l;
            }
            case STRING -> {
                return bounded(r.nextString(), r);
            }
            case NUMBER -> {
                return number(r.nextString());
            }
            case BOOLEAN -> {
                return r.nextBoolean();
            }
            case NULL -> {
                r.nextNull();
                return null;
            }
            default -> throw new MalformedJsonException("unexpected " + r.peek() + " at " + r.getPath());
        }
    }

    private static String bounded(String s, JsonReader r) {
        if (s.length() > MAX_STRING_CHARS) {
            throw new TooLarge("a string of " + s.length() + " chars at " + r.getPath() + " is longer than the limit of " + MAX_STRING_CHARS);
        }
        return s;
    }

    /** The number's literal text (strict mode has checked its syntax): integral and in range → Long, else Double. */
    private static Object number(String s) {
        boolean integral = s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0;
        if (s.length() > 64) {
            // a number literal of thousands of digits is not a value any device takes
            throw new MalformedJsonException("a number of " + s.length() + " digits is longer than 64");
        }
        if (integral && s.length() < 19) {
            return Long.parseLong(s);
        }
        return Double.parseDouble(s);
    }

    /** Gson's message without its troubleshooting link and with the lenient-mode hint put in plain words. */
    private static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int see = m.indexOf("\nSee ");
        if (see >= 0) {
            m = m.substring(0, see);
        }
        if (m.startsWith("Use JsonReader.setStrictness")) {
            return "not strict JSON (unquoted name or text, comment, or bad literal)" + where(m);
        }
        if (m.startsWith("End of input")) {
            return "unexpected end of input" + where(m);
        }
        return m;
    }

    /** The " at line L column C path P" part of a Gson message, or nothing. */
    private static String where(String gsonMessage) {
        if (gsonMessage == null) {
            return "";
        }
        int see = gsonMessage.indexOf("\nSee ");
        String m = see >= 0 ? gsonMessage.substring(0, see) : gsonMessage;
        int at = m.indexOf(" at line ");
        return at >= 0 ? m.substring(at) : "";
    }

    /** The text is not valid JSON; the message names what and where. */
    public static class MalformedJsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong and where
         */
        public MalformedJsonException(String message) {
            super(message);
        }
    }

    /** A string in the document is longer than {@link #MAX_STRING_CHARS}. */
    public static final class TooLarge extends MalformedJsonException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what and where
         */
        public TooLarge(String message) {
            super(message);
        }
    }
}
