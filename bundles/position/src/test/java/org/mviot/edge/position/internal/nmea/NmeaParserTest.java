package org.mviot.edge.position.internal.nmea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mviot.edge.position.internal.nmea.NmeaParser.Result;

class NmeaParserTest {

    private final NmeaParser parser = new NmeaParser();

    private Result parse(String line) {
        byte[] b = Nmea.bytes(line);
        return parser.parse(b, 0, b.length);
    }

    @Test
    void readsPositionQualitySatellitesHdopAndAltitudeFromGga() {
        assertThat(parse("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47")).isEqualTo(Result.OK);

        NmeaSentence s = parser.sentence();
        assertThat(s.type).isEqualTo(NmeaSentence.Type.GGA);
        assertThat(s.talkerId()).isEqualTo("GP");
        assertThat(s.valid).isTrue();
        assertThat(s.latitude).isCloseTo(48.1173, within(1e-9));
        assertThat(s.longitude).isCloseTo(11.0 + 31.0 / 60, within(1e-9));
        assertThat(s.quality).isEqualTo(1);
        assertThat(s.satellites).isEqualTo(8);
        assertThat(s.hdop).isEqualTo(0.9);
        assertThat(s.altitudeMsl).isEqualTo(545.4);
        assertThat(s.geoidSeparation).isEqualTo(46.9);
        assertThat(s.timeOfDayMillis).isEqualTo(((12 * 60 + 35) * 60 + 19) * 1000L);
    }

    @Test
    void readsStatusDateSpeedAndCourseFromRmc() {
        assertThat(parse("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A")).isEqualTo(Result.OK);

        NmeaSentence s = parser.sentence();
        assertThat(s.type).isEqualTo(NmeaSentence.Type.RMC);
        assertThat(s.valid).isTrue();
        assertThat(s.epochDay).isEqualTo(LocalDate.of(2094, 3, 23).toEpochDay()); // NMEA has no century: this century's receivers
        assertThat(s.speedKmh).isCloseTo(22.4 * 1.852, within(1e-9));
        assertThat(s.courseDeg).isEqualTo(84.4);
    }

    @Test
    void readsFixTypeSatellitesUsedAndDopsFromGsa() {
        assertThat(parse("$GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1*39")).isEqualTo(Result.OK);

        NmeaSentence s = parser.sentence();
        assertThat(s.fixType).isEqualTo(3);
        assertThat(s.satellites).isEqualTo(5);
        assertThat(s.pdop).isEqualTo(2.5);
        assertThat(s.hdop).isEqualTo(1.3);
        assertThat(s.vdop).isEqualTo(2.1);
        assertThat(s.valid).isTrue();
    }

    @Test
    void readsCourseAndSpeedFromVtg() {
        assertThat(parse("$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48")).isEqualTo(Result.OK);

        assertThat(parser.sentence().courseDeg).isEqualTo(54.7);
        assertThat(parser.sentence().speedKmh).isEqualTo(10.2);
    }

    @Test
    void readsAMultiConstellationFixFromGns() {
        assertThat(parse("$GNGNS,014035.00,4332.69262,S,17235.48549,E,RR,13,0.9,25.63,11.24,,*70")).isEqualTo(Result.OK);

        NmeaSentence s = parser.sentence();
        assertThat(s.talkerId()).isEqualTo("GN");
        assertThat(s.latitude).isCloseTo(-(43 + 32.69262 / 60), within(1e-9));
        assertThat(s.longitude).isCloseTo(172 + 35.48549 / 60, within(1e-9));
        assertThat(s.quality).isEqualTo(4); // R: RTK fixed
        assertThat(s.satellites).isEqualTo(13);
        assertThat(s.timeOfDayMillis).isEqualTo((1 * 60 + 40) * 60 * 1000L + 35_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GP", "GN", "GL", "GA", "BD", "GB", "GQ"})
    void acceptsTheTalkersOfEveryConstellation(String talker) {
        assertThat(parse(Nmea.sentence(talker + "GGA,123519,4807.038,N,01131.000,W,2,08,0.9,545.4,M,46.9,M,,"))).isEqualTo(Result.OK);
        assertThat(parser.sentence().longitude).isNegative();
    }

    @Test
    void reportsNoFixFromEachSentenceThatSaysSo() {
        assertThat(parse(Nmea.sentence("GPGGA,123519,,,,,0,00,99.99,,,,,,"))).isEqualTo(Result.OK);
        assertThat(parser.sentence().valid).isFalse();
        assertThat(parse(Nmea.sentence("GPRMC,123519,V,,,,,,,071226,,,N"))).isEqualTo(Result.OK);
        assertThat(parser.sentence().valid).isFalse();
        assertThat(parse(Nmea.sentence("GPGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99"))).isEqualTo(Result.OK);
        assertThat(parser.sentence().valid).isFalse();
        assertThat(parse(Nmea.sentence("GNGNS,123519.00,,,,,NN,00,99.9,,,,"))).isEqualTo(Result.OK);
        assertThat(parser.sentence().valid).isFalse();
    }

    @Test
    void refusesAWrongChecksum() {
        assertThat(parse("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*48")).isEqualTo(Result.BAD_CHECKSUM);
        assertThat(parse("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.5,M,46.9,M,,*47")).isEqualTo(Result.BAD_CHECKSUM);
    }

    @Test
    void acceptsALowercaseChecksum() {
        assertThat(parse("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6a")).isEqualTo(Result.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "GPGGA,123519*47", "$GPGGA,123519,4807.038,N", "$GPGGA*ZZ0000000", "\u0000\u0001$GPGGA,,*00"})
    void callsWhatIsNoSentenceGarbage(String line) {
        assertThat(parse(line)).isEqualTo(Result.GARBAGE);
    }

    @Test
    void refusesALineLongerThanTheLimit() {
        String body = "GPTXT," + "x".repeat(NmeaParser.MAX_LINE);
        assertThat(parse(Nmea.sentence(body))).isEqualTo(Result.GARBAGE);
    }

    @Test
    void setsAsideSentencesItDoesNotRead() {
        assertThat(parse(Nmea.sentence("GPGSV,3,1,11,03,03,111,00,04,15,270,00,06,01,010,00,13,06,292,00"))).isEqualTo(Result.UNSUPPORTED);
        assertThat(parse(Nmea.sentence("PUBX,00,123519.00"))).isEqualTo(Result.UNSUPPORTED);
        assertThat(parse(Nmea.sentence("XXGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"))).isEqualTo(Result.UNSUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GPGGA,123519,4807.038,X,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
            "GPGGA,123519,9107.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
            "GPGGA,123519,4867.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
            "GPGGA,253519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
            "GPGGA,123519,4807.038,N,01131.000,E,9,08,0.9,545.4,M,46.9,M,,",
            "GPGGA,123519,,,,,1,08,0.9,545.4,M,46.9,M,,",
            "GPRMC,123519,Q,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W",
            "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,321394,003.1,W",
            "GPGSA,A,4,04,05,,09,12,,,24,,,,,2.5,1.3,2.1",
            "GPGGA,123519,4807.038,N",
            "GNGNS,014035.00,4332.69262,S,17235.48549,E,RZ,13,0.9,25.63,11.24,,"})
    void refusesASupportedSentenceWithAFieldOutOfItsStandard(String body) {
        assertThat(parse(Nmea.sentence(body))).isEqualTo(Result.MALFORMED);
        assertThat(parser.sentence().valid).isFalse();
        assertThat(parser.sentence().latitude).isNaN();
    }
}
