package org.mviot.edge.driver.gpio.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Compares the board Pi4J detects with the board the hardware profile names, so a gateway
 * provisioned with the wrong profile (a Pi 4 profile on a Pi 5: other pins, other PWM) says so
 * instead of driving the wrong pins silently.
 */
final class BoardCheck {

    private BoardCheck() {
    }

    /**
     * @param profileBoard  the profile's {@code board.model}, e.g. {@code Raspberry Pi 4 Model B (BCM2711, 4x Cortex-A72)}
     * @param detectedLabel Pi4J's label of the detected board ({@code Raspberry Pi 4 Model B}), or {@code null}/blank when unknown
     * @return the disagreement, in words, when both are known and the profile's model does not name the detected board
     */
    static Optional<String> mismatch(String profileBoard, String detectedLabel) {
        if (detectedLabel == null || detectedLabel.isBlank() || detectedLabel.toLowerCase(Locale.ROOT).contains("unknown")) {
            return Optional.empty();
        }
        String profile = normalize(profileBoard);
        String detected = normalize(detectedLabel);
        if (profile.contains(detected) || detected.contains(profile)) {
            return Optional.empty();
        }
        return Optional.of("the hardware profile is for " + org.mviot.edge.api.driver.DriverSettings.quote(profileBoard)
                + " but Pi4J detects " + org.mviot.edge.api.driver.DriverSettings.quote(detectedLabel)
                + ": pins follow the profile's header map; provision the profile of this board");
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }
}
