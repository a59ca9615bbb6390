package org.mviot.edge.core.internal.log;

/**
 * Renders text that came from outside (command values, senders, correlation ids, descriptor
 * content) for a log line or an error message: at most {@value #MAX_CHARS} characters of it, with
 * control characters, line and paragraph separators, backslash and the quote escaped, so one value
 * can neither flood the log nor forge a line of its own. Only the shown part is looked at, so
 * rendering a 4 MB value costs no more than rendering a short one.
 */
public final class LogSafe {

    /** Characters of a value shown before it is cut off. */
    public static final int MAX_CHARS = 200;

    private LogSafe() {
    }

    /**
     * @param text user text, may be {@code null}
     * @return the text in single quotes, escaped and cut off, e.g. {@code 'AAAA…' (4194304 chars)}
     */
    public static String quote(String text) {
        return text == null ? "null" : render(text, '\'');
    }

    /**
     * @param text user text, may be {@code null}
     * @return the text in double quotes, escaped and cut off, e.g. {@code "hot"}
     */
    public static String string(String text) {
        return text == null ? "null" : render(text, '"');
    }

    /**
     * @param value a value from outside: strings are double-quoted, anything else is shown as text
     * @return the value, escaped and cut off
     */
    public static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence s) {
            return string(s.toString());
        }
        return text(String.valueOf(value));
    }

    /**
     * @param text user text, may be {@code null}
     * @return the text without quotes, escaped and cut off
     */
    public static String text(String text) {
        return text(text, MAX_CHARS);
    }

    /**
     * @param text     text that holds user input, may be {@code null}
     * @param maxChars characters shown before it is cut off (for composed lines such as a descriptor problem,
     *                 whose parts are already bounded)
     * @return the text without quotes, escaped and cut off
     */
    public static String text(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), maxChars) + 32);
        append(b, text, (char) 0, maxChars, true);
        return b.toString();
    }

    /**
     * For a line composed of parts that are already quoted with this class (a descriptor problem, a
     * command's result): control characters and line breaks are escaped so that it stays one line,
     * but backslashes are left alone, so what the parts escaped is not escaped twice.
     *
     * @param text     the composed text, may be {@code null}
     * @param maxChars characters shown before it is cut off
     * @return the text as one line, cut off
     */
    public static String line(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), maxChars) + 32);
        append(b, text, (char) 0, maxChars, false);
        return b.toString();
    }

    private static String render(String text, char quote) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 34);
        b.append(quote);
        boolean cut = append(b, text, quote, MAX_CHARS, true);
        b.append(quote);
        if (cut) {
            b.append(" (").append(text.length()).append(" chars)");
        }
        return b.toString();
    }

    /** @return whether the text was cut off */
    private static boolean append(StringBuilder b, String text, char quote, int maxChars, boolean backslash) {
        int shown = Math.min(text.length(), maxChars);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append(backslash ? "\\\\" : "\\");
                default -> {
                    if (c == quote && quote != 0) {
                        b.append('\\').append(c);
                    } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085'
                            || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c) && !pairedAt(text, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (shown < text.length()) {
            if (Character.isHighSurrogate(text.charAt(shown - 1)) && b.charAt(b.length() - 1) == text.charAt(shown - 1)) {
                b.setLength(b.length() - 1); // never end on half a character
            }
            b.append('…');
            return true;
        }
        return false;
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
