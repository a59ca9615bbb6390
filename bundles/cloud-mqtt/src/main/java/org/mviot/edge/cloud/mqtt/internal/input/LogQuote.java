package org.mviot.edge.cloud.mqtt.internal.input;

/**
 * Quotes text that came from outside (a command's topic, headers, values) for a log line or an
 * error message: in double quotes, cut to a bound, with every character that could end the line
 * or fake another escaped ({@code \n}, {@code \r}, {@code \t}, {@code \"}, {@code \\}, other
 * control, line separator and bidirectional control characters as {@code \}{@code uXXXX}). A
 * quoted text is always one line, so a sender cannot forge a log line, and it is short, so a sender
 * cannot fill the log.
 */
public final class LogQuote {

    /** How many characters of a text a log line keeps by default. */
    public static final int DEFAULT_CHARS = 120;

    private LogQuote() {
    }

    /**
     * @param text the text, may be {@code null}
     * @return the text quoted and cut to {@link #DEFAULT_CHARS} characters
     */
    public static String of(Object text) {
        return of(text, DEFAULT_CHARS);
    }

    /**
     * @param text     the text, may be {@code null}
     * @param maxChars how many characters to keep
     * @return {@code "…"}, escaped, with {@code …(N chars)} after the closing quote when cut; {@code null} unquoted
     */
    public static String of(Object text, int maxChars) {
        if (text == null) {
            return "null";
        }
        String s = text.toString();
        StringBuilder b = new StringBuilder(Math.min(s.length(), maxChars) + 16).append('"');
        int kept = 0;
        int i = 0;
        while (i < s.length() && kept < maxChars) {
            int cp = s.codePointAt(i);
            escape(b, cp, s, i);
            i += Character.charCount(cp);
            kept++;
        }
        b.append('"');
        if (i < s.length()) {
            b.append("…(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }

    /**
     * Makes a message that already quotes its parts (or may carry outside text, such as a JSON
     * parser's path) safe for one log line: control and separator characters escaped as in
     * {@link #of(Object, int)}, cut to a bound, no quotes added.
     *
     * @param message  the message, may be {@code null}
     * @param maxChars how many characters to keep
     * @return the line
     */
    public static String line(String message, int maxChars) {
        if (message == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(message.length(), maxChars) + 16);
        int kept = 0;
        int i = 0;
        while (i < message.length() && kept < maxChars) {
            int cp = message.codePointAt(i);
            if (cp == '"' || cp == '\\') {
                b.appendCodePoint(cp);
            } else {
                escape(b, cp, message, i);
            }
            i += Character.charCount(cp);
            kept++;
        }
        if (i < message.length()) {
            b.append("…(").append(message.length()).append(" chars)");
        }
        return b.toString();
    }

    private static void escape(StringBuilder b, int cp, String s, int i) {
        switch (cp) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            default -> {
                if (needsEscape(cp)) {
                    if (Character.isSupplementaryCodePoint(cp)) {
                        b.append(String.format("\\u%04x\\u%04x", (int) s.charAt(i), (int) s.charAt(i + 1)));
                    } else {
                        b.append(String.format("\\u%04x", cp));
                    }
                } else {
                    b.appendCodePoint(cp);
                }
            }
        }
    }

    private static boolean needsEscape(int cp) {
        return Character.isISOControl(cp)
                || cp == 0x2028 || cp == 0x2029 // line and paragraph separators
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F // bidi controls
                || Character.getType(cp) == Character.SURROGATE // a lone surrogate
                || cp == 0xFEFF;
    }
}
