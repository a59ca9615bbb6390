package org.mviot.edge.driver.gpio.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway twin's {@code gpio} feature (issue 10): the board the hardware profile expects, the
 * board Pi4J detects, whether they match, and the provider. Fixed when the driver starts: the board
 * does not change under a running gateway.
 * <ul>
 * <li>{@code board.expected}: the profile's {@code board.model};</li>
 * <li>{@code board.detected}: Pi4J's label of the detected board, {@code unknown} when it cannot tell
 * (not a Raspberry Pi);</li>
 * <li>{@code board.matches}: whether the profile names the detected board; left out while the detected
 * board is unknown (nothing to compare);</li>
 * <li>{@code provider}: the Pi4J provider ({@code gpiod}, {@code linuxfs}, {@code mock});</li>
 * <li>{@code problem}: the mismatch in words, when there is one.</li>
 * </ul>
 */
final class BoardFeature {

    /** The feature id in the gateway twin. */
    static final String ID = "gpio";

    private final Map<String, Object> properties;
    private final Optional<String> mismatch;

    /**
     * @param expected the profile's board model
     * @param detected Pi4J's label of the detected board, {@code null} when unknown
     * @param provider the provider's name
     */
    BoardFeature(String expected, String detected, String provider) {
        mismatch = BoardCheck.mismatch(expected, detected);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("board.expected", expected);
        boolean known = detected != null && !detected.isBlank() && !detected.toLowerCase(java.util.Locale.ROOT).contains("unknown");
        p.put("board.detected", known ? detected : "unknown");
        if (known) {
            p.put("board.matches", mismatch.isEmpty());
        }
        p.put("provider", provider);
        mismatch.ifPresent(m -> p.put("problem", m));
        properties = Map.copyOf(p);
    }

    /** @return the properties */
    Map<String, Object> properties() {
        return properties;
    }

    /** @return the disagreement in words, empty when the boards match or the detected one is unknown */
    Optional<String> mismatch() {
        return mismatch;
    }
}
