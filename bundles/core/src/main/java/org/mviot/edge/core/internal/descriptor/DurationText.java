package org.mviot.edge.core.internal.descriptor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration grammar of descriptors ({@link org.mviot.edge.api.device.DurationSyntax}, the one grammar of the api), in exact
 * decimal so that bounds can be checked and named: {@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, or a
 * number of milliseconds. Computed in decimal, so no text can overflow into a small or negative
 * duration ({@code 99999999999999999999h} is simply far too long).
 */
public final class DurationText {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final BigDecimal LONGEST = BigDecimal.valueOf(Long.MAX_VALUE);

    private DurationText() {
    }

    /**
     * @param text a duration
     * @return its length in milliseconds, exact (not rounded), or {@code null} when the text is not a duration
     */
    public static BigDecimal millis(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        BigDecimal n = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> n.multiply(BigDecimal.valueOf(1000));
            case "m" -> n.multiply(BigDecimal.valueOf(60_000));
            case "h" -> n.multiply(BigDecimal.valueOf(3_600_000));
            default -> n;
        };
    }

    /**
     * @param text {@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, or a number of milliseconds
     * @return the duration rounded to milliseconds, or {@code null} when the text is not one or is
     *         too long to count in milliseconds
     */
    public static Duration parse(String text) {
        BigDecimal ms = millis(text);
        if (ms == null) {
            return null;
        }
        BigDecimal rounded = ms.setScale(0, RoundingMode.HALF_UP);
        return rounded.compareTo(LONGEST) > 0 ? null : Duration.ofMillis(rounded.longValueExact());
    }
}
