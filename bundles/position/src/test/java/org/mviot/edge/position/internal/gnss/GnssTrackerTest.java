package org.mviot.edge.position.internal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.position.Position;
import org.mviot.edge.position.internal.nmea.Nmea;
import org.mviot.edge.position.internal.nmea.NmeaLineReader;

/** The tracker fed by NMEA text, on a hand-driven clock. */
class GnssTrackerTest {

    private static final long S = 1_000_000_000L;
    private long nowMillis = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();
    private long nowNanos = 0;
    private final GnssTracker tracker = new GnssTracker(5 * S, nowMillis);
    private final NmeaLineReader reader = new NmeaLineReader(s -> tracker.accept(s, nowMillis, nowNanos));

    private void feed(String text) {
        byte[] b = Nmea.bytes(text);
        reader.feed(b, 0, b.length);
    }

    private void advance(long seconds) {
        nowMillis += seconds * 1000;
        nowNanos += seconds * S;
    }

    private FixStatus status() {
        return tracker.status(nowMillis, nowNanos);
    }

    @Test
    void startsWithoutAFix() {
        assertThat(status().current()).isEmpty();
        assertThat(status().reason()).isEqualTo("no fix yet");
        assertThat(status().lastGood()).isNull();
    }

    @Test
    void aFixCarriesPositionEllipsoidAltitudeQualitySatellitesAndHdop() {
        feed(Nmea.fixEpoch());

        GnssFix f = status().current().orElseThrow();
        assertThat(f.latitude()).isCloseTo(48.1173, within(1e-9));
        assertThat(f.altitude()).isCloseTo(545.4 + 46.9, within(1e-9));
        assertThat(f.quality()).isEqualTo(FixQuality.GNSS);
        assertThat(f.dimension()).isEqualTo(3);
        assertThat(f.satellites()).isEqualTo(8);
        assertThat(f.hdop()).isEqualTo(1.3); // GSA came last
        assertThat(f.horizontalErrorMetres()).isCloseTo(1.3 * GnssFix.UERE_METRES, within(1e-9));
        Position p = f.toPosition();
        assertThat(p.source()).isEqualTo(Position.Source.GNSS);
    }

    @Test
    void theFixTimeIsTheReceiversUtcOnTheRmcDate() {
        feed(Nmea.sentence("GPRMC,235959.50,A,4807.038,N,01131.000,E,0.0,0.0,311226,,") + "\r\n");
        feed(Nmea.sentence("GPGGA,000000.50,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,") + "\r\n");

        // GGA has no date: the second after the RMC's midnight is on the next day
        assertThat(Instant.ofEpochMilli(status().current().orElseThrow().utcMillis())).isEqualTo(Instant.parse("2027-01-01T00:00:00.500Z"));
    }

    @Test
    void withoutADateTheTimeOfDayIsPlacedOnTheDayNearestTheGatewayClock() {
        ZonedDateTime justBeforeMidnight = ZonedDateTime.of(2026, 12, 7, 23, 59, 59, 0, ZoneOffset.UTC);
        nowMillis = justBeforeMidnight.toInstant().toEpochMilli();
        feed(Nmea.sentence("GPGGA,000001,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,") + "\r\n");

        assertThat(Instant.ofEpochMilli(status().current().orElseThrow().utcMillis())).isEqualTo(Instant.parse("2026-12-08T00:00:01Z"));
    }

    @Test
    void aNoFixEpochLosesTheFixAndKeepsTheLastGoodOneOnlyForTheRecord() {
        feed(Nmea.fixEpoch());
        long fixAt = nowMillis;
        advance(1);
        feed(Nmea.noFixEpoch());

        FixStatus s = status();
        assertThat(s.current()).isEmpty();
        assertThat(s.noFixSinceMillis()).isEqualTo(fixAt + 1000);
        assertThat(s.reason()).startsWith("GP").endsWith("(no fix)");
        assertThat(s.lastGood().receivedMillis()).isEqualTo(fixAt);
    }

    @Test
    void rmcStatusVAloneLosesTheFix() {
        feed(Nmea.fixEpoch());
        feed(Nmea.sentence("GPRMC,123520,V,,,,,,,071226,,,N") + "\r\n");

        assertThat(status().current()).isEmpty();
        assertThat(status().reason()).contains("RMC status V");
    }

    @Test
    void gsaFixTypeOneAloneLosesTheFix() {
        feed(Nmea.fixEpoch());
        feed(Nmea.sentence("GPGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99") + "\r\n");

        assertThat(status().current()).isEmpty();
    }

    @Test
    void aFixNotRenewedWithinTheTimeoutIsLostSinceItsLastArrival() {
        feed(Nmea.fixEpoch());
        long fixAt = nowMillis;
        advance(5);
        assertThat(status().current()).isPresent();

        advance(1);

        FixStatus s = status();
        assertThat(s.current()).isEmpty();
        assertThat(s.noFixSinceMillis()).isEqualTo(fixAt);
        assertThat(s.reason()).contains("no fix from the source for 5 s");
    }

    @Test
    void aFixComesBackAfterALoss() {
        feed(Nmea.fixEpoch());
        feed(Nmea.noFixEpoch());
        advance(1);
        feed(Nmea.fixEpoch());

        assertThat(status().current()).isPresent();
        assertThat(status().reason()).isEmpty();
    }

    @Test
    void vtgNeitherMakesNorBreaksAFix() {
        feed(Nmea.sentence("GPVTG,054.7,T,034.4,M,005.5,N,010.2,K,N") + "\r\n");
        assertThat(status().current()).isEmpty();
        feed(Nmea.fixEpoch());
        feed(Nmea.sentence("GPVTG,054.7,T,034.4,M,005.5,N,010.2,K,N") + "\r\n");
        assertThat(status().current()).isPresent();
    }
}
