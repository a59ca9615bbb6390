package org.mviot.edge.api.device;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way durations are written in device descriptors and driver settings: a number and a unit,
 * {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h}, or a bare number of milliseconds
 * ({@code 500}). The core reads {@code poll}, {@code staleAfter} and stage intervals with it, and
 * drivers read their connection and address settings with it (through {@code DriverSettings}), so a
 * user learns one grammar.
 */
public final class DurationSyntax {

    /** What a duration looks like, for messages: {@value}. */
    public static final String EXPECTED = "a duration like 250ms, 1.5s, 2m or 1h (a bare number is milliseconds)";

    /** Longer texts are not durations; the bound keeps hostile input from costing anything. */
    private static final int MAX_LENGTH = 32;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,9})?)\\s*(ms|s|m|h)?");

    private DurationSyntax() {
    }

    /**
     * Reads a duration.
     *
     * @param text the text, surrounding whitespace ignored
     * @return the duration, rounded to whole milliseconds; empty when the text is not a duration
     */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double ms = switch (unit) {
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n;
        };
        return Optional.of(Duration.ofMillis(Math.round(ms)));
    }

    /**
     * Writes a duration in this grammar, in the largest unit that keeps it whole.
     *
     * @param d a duration, zero or positive
     * @return e.g. {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
