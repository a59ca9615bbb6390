package org.mviot.edge.position.internal.gpsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mviot.edge.position.internal.gnss.GnssFix;
import org.mviot.edge.position.internal.gnss.GnssTracker;

class GpsdReportTest {

    /** Printed by gpsd 3.22 on this machine for the fix epoch of {@code Nmea.fixEpoch()}. */
    private static final String TPV = "{\"class\":\"TPV\",\"device\":\"/tmp/h6c/ga\",\"mode\":3,\"time\":\"2026-12-07T11:45:17.000Z\",\"ept\":0.005,"
            + "\"lat\":48.117300000,\"lon\":11.516666667,\"altHAE\":592.3000,\"altMSL\":545.4000,\"alt\":545.4000,\"epv\":48.300,\"track\":84.4000,"
            + "\"magtrack\":81.3000,\"magvar\":-3.1,\"speed\":11.524,\"climb\":0.000,\"epc\":96.60,\"geoidSep\":46.900,\"eph\":17.100,\"sep\":47.500}";
    /** Printed by gpsd 3.22 here once the receiver reported no fix. */
    private static final String NO_FIX = "{\"class\":\"TPV\",\"device\":\"/tmp/h6c/ga\",\"mode\":1,\"time\":\"2026-12-07T11:45:39.000Z\",\"ept\":0.005}";

    private final GnssTracker tracker = new GnssTracker(5_000_000_000L, 0);

    @Test
    void aTpvWithMode3IsAFixWithGpsdsOwnErrorEstimate() {
        assertThat(GpsdReport.apply(TPV, tracker, 1000, 0)).isEqualTo(GpsdReport.Kind.FIX);

        GnssFix f = tracker.status(1000, 0).current().orElseThrow();
        assertThat(f.latitude()).isEqualTo(48.1173);
        assertThat(f.longitude()).isCloseTo(11.516666667, within(1e-9));
        assertThat(f.altitude()).isEqualTo(592.3);
        assertThat(f.dimension()).isEqualTo(3);
        assertThat(f.horizontalErrorMetres()).isEqualTo(17.1);
        assertThat(f.utcMillis()).isEqualTo(Instant.parse("2026-12-07T11:45:17Z").toEpochMilli());
    }

    @Test
    void aTpvWithMode1LosesTheFix() {
        GpsdReport.apply(TPV, tracker, 1000, 0);

        assertThat(GpsdReport.apply(NO_FIX, tracker, 2000, 1)).isEqualTo(GpsdReport.Kind.NO_FIX);

        assertThat(tracker.status(2000, 1).current()).isEmpty();
        assertThat(tracker.status(2000, 1).reason()).contains("mode 1");
    }

    @Test
    void aSkyReportGivesSatellitesUsedAndHdop() {
        GpsdReport.apply(TPV, tracker, 1000, 0);
        String sky = "{\"class\":\"SKY\",\"hdop\":1.3,\"satellites\":[{\"PRN\":4,\"used\":true},{\"PRN\":5,\"used\":true},{\"PRN\":9,\"used\":false}]}";

        assertThat(GpsdReport.apply(sky, tracker, 1000, 0)).isEqualTo(GpsdReport.Kind.SKY);

        GnssFix f = tracker.status(1000, 0).current().orElseThrow();
        assertThat(f.satellites()).isEqualTo(2);
        assertThat(f.hdop()).isEqualTo(1.3);
    }

    @Test
    void otherClassesChangeNothing() {
        assertThat(GpsdReport.apply("{\"class\":\"VERSION\",\"release\":\"3.22\"}", tracker, 0, 0)).isEqualTo(GpsdReport.Kind.OTHER);
        assertThat(tracker.status(0, 0).current()).isEmpty();
    }

    @Test
    void aDeeplyNestedLineIsRefusedWithoutExhaustingTheStack() {
        String deep = "[".repeat(30_000) + "]".repeat(30_000);

        assertThat(GpsdReport.apply(deep, tracker, 0, 0)).isEqualTo(GpsdReport.Kind.INVALID);
        assertThat(GpsdReport.apply("{\"class\":\"TPV\",\"x\":" + deep + "}", tracker, 0, 0)).isEqualTo(GpsdReport.Kind.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "{\"class\":\"TPV\",\"mode\":3,\"lat\":\"north\",\"lon\":11}",
            "{\"class\":\"TPV\",\"mode\":3,\"lat\":123,\"lon\":11}", "{\"mode\":3}", "{\"class\":\"TPV\",\"mode\":3", "{\"class\":\"SKY\",\"satellites\":7}",
            "{\"class\":\"TPV\",\"mode\":3,\"lat\":1e999,\"lon\":11}"})
    void aLineThatIsNoReportChangesNothing(String line) {
        GpsdReport.Kind k = GpsdReport.apply(line, tracker, 0, 0);

        assertThat(k).isIn(GpsdReport.Kind.INVALID, GpsdReport.Kind.SKY);
        assertThat(tracker.status(0, 0).current()).isEmpty();
    }
}
