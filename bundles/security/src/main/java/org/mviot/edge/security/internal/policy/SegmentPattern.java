package org.mviot.edge.security.internal.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One segment of a resource pattern: literal text with {@code *} standing for any run of
 * characters within the segment (never a {@code /}). Matching is greedy over the literal pieces
 * between stars, which is exact for star-only globs and costs at most
 * (segment length × pattern length) character comparisons: no backtracking blow-up, whatever the
 * pattern or the resource.
 */
final class SegmentPattern {

    private final String text;
    private final String prefix;
    private final String suffix;
    private final String[] middle;
    private final boolean literal;

    SegmentPattern(String text) {
        this.text = text;
        int first = text.indexOf('*');
        literal = first < 0;
        if (literal) {
            prefix = text;
            suffix = "";
            middle = new String[0];
            return;
        }
        int last = text.lastIndexOf('*');
        prefix = text.substring(0, first);
        suffix = text.substring(last + 1);
        List<String> pieces = new ArrayList<>();
        for (String piece : text.substring(first + 1, Math.max(first + 1, last)).split("\\*")) {
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
        }
        middle = pieces.toArray(new String[0]);
    }

    /** @return whether the segment holds no {@code *} */
    boolean literal() {
        return literal;
    }

    /** @return the pattern as written */
    String text() {
        return text;
    }

    /**
     * @param segment one segment of a command's resource
     * @return whether this pattern matches all of it
     */
    boolean matches(String segment) {
        if (literal) {
            return text.equals(segment);
        }
        int end = segment.length() - suffix.length();
        if (end < prefix.length() || !segment.startsWith(prefix) || !segment.endsWith(suffix)) {
            return false;
        }
        int pos = prefix.length();
        for (String piece : middle) {
            int at = segment.indexOf(piece, pos);
            if (at < 0 || at + piece.length() > end) {
                return false;
            }
            pos = at + piece.length();
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
