package org.mviot.edge.position.internal;

import java.util.Optional;

import org.mviot.edge.api.position.Position;

/** The {@code position.fixed} setting: {@code lat,lon} or {@code lat,lon,alt} (degrees WGS 84, metres above the ellipsoid). */
final class FixedPosition {

    private FixedPosition() {
    }

    /**
     * @param key       the setting's key, for messages
     * @param value     its value; blank: no fixed position
     * @param nowMillis the position's timestamp
     * @return the position, empty when blank
     * @throws IllegalArgumentException naming the key, the value and what is expected
     */
    static Optional<Position> parse(String key, String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        shown = shown.replaceAll("\\p{Cntrl}", "?");
        String[] parts = value.split(",", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException(key + ": '" + shown + "' is not a position; expected lat,lon or lat,lon,alt (e.g. 48.1173,11.5167,545.4)");
        }
        double[] v = new double[3];
        v[2] = Double.NaN;
        String[] names = {"latitude", "longitude", "altitude"};
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": " + names[i] + " in '" + shown + "' is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(key + ": " + names[i] + " in '" + shown + "' is not a finite number");
            }
        }
        if (v[0] < -90 || v[0] > 90) {
            throw new IllegalArgumentException(key + ": latitude " + v[0] + " in '" + shown + "' is outside -90 to 90");
        }
        if (v[1] < -180 || v[1] > 180) {
            throw new IllegalArgumentException(key + ": longitude " + v[1] + " in '" + shown + "' is outside -180 to 180");
        }
        return Optional.of(new Position(v[0], v[1], v[2], Double.NaN, Position.Source.FIXED, nowMillis));
    }
}
