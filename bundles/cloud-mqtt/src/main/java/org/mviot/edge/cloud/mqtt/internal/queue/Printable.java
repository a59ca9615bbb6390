package org.mviot.edge.cloud.mqtt.internal.queue;

/**
 * A file name as a log line may quote it: anyone who can write to the queue directory chooses the
 * names, so control characters are escaped (backslash, u, four hex digits) and the length is bounded.
 */
final class Printable {

    private static final int MAX = 200;

    private Printable() {
    }

    /**
     * @param s a name
     * @return at most {@value #MAX} characters, control characters as {@code \\u} and four hex digits
     */
    static String of(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= MAX) {
            b.append('…');
        }
        return b.toString();
    }
}
