package org.mviot.edge.security.internal.log;

/**
 * Renders text a sender chose (an originator, a resource, a correlation id) for a log line, a
 * denial reason or the gateway twin: in single quotes, cut to a bound, with control characters,
 * line and paragraph separators, bidirectional controls, the backslash and the quote escaped, so
 * the text can neither forge a log line nor flood it. Only the kept part is looked at.
 */
public final class Quoted {

    /** Characters of a text kept by default. */
    public static final int DEFAULT_CHARS = 120;

    private Quoted() {
    }

    /**
     * @param text the text, may be {@code null}
     * @return {@code 'text'}, escaped and cut to {@link #DEFAULT_CHARS}
     */
    public static String of(String text) {
        return of(text, DEFAULT_CHARS);
    }

    /**
     * @param text     the text, may be {@code null}
     * @param maxChars characters kept
     * @return {@code 'text'}, escaped, with {@code …(N chars)} after it when cut
     */
    public static String of(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), maxChars) + 16).append('\'');
        int n = Math.min(text.length(), maxChars);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || Character.isSurrogate(c) && !validPair(text, i)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('\'');
        if (text.length() > maxChars) {
            b.append("…(").append(text.length()).append(" chars)");
        }
        return b.toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
