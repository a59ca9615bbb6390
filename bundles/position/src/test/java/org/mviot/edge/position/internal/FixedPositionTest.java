package org.mviot.edge.position.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mviot.edge.api.position.Position;

class FixedPositionTest {

    private static final String KEY = "org.mviot.edge.position: position.fixed";

    @Test
    void readsLatitudeLongitudeAndAltitude() {
        Position p = FixedPosition.parse(KEY, " 48.1173, 11.5167 ,545.4", 42).orElseThrow();

        assertThat(p.latitude()).isEqualTo(48.1173);
        assertThat(p.longitude()).isEqualTo(11.5167);
        assertThat(p.altitude()).isEqualTo(545.4);
        assertThat(p.source()).isEqualTo(Position.Source.FIXED);
        assertThat(p.timestamp()).isEqualTo(42);
    }

    @Test
    void theAltitudeIsOptional() {
        assertThat(FixedPosition.parse(KEY, "-33.8568,151.2153", 0).orElseThrow().altitude()).isNaN();
    }

    @Test
    void blankIsNoFixedPosition() {
        assertThat(FixedPosition.parse(KEY, "  ", 0)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "48.1;not a position", "north,11.5;latitude in 'north,11.5' is not a number", "91,11.5;latitude 91.0",
            "48,181;longitude 181.0", "48,11,12,13;expected lat,lon or lat,lon,alt", "NaN,11;not a finite number"})
    void refusesABadValueNamingTheKey(String value, String message) {
        assertThatThrownBy(() -> FixedPosition.parse(KEY, value, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(KEY).hasMessageContaining(message);
    }

    @Test
    void quotesAHostileValueShortAndWithoutControlCharacters() {
        assertThatThrownBy(() -> FixedPosition.parse(KEY, "x\n".repeat(500), 0))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(300));
    }
}
