package org.mviot.edge.position.internal.nmea;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NmeaLineReaderTest {

    private final List<NmeaSentence.Type> read = new ArrayList<>();
    private final NmeaLineReader reader = new NmeaLineReader(s -> read.add(s.type));

    private void feed(String text) {
        byte[] b = Nmea.bytes(text);
        reader.feed(b, 0, b.length);
    }

    @Test
    void readsSentencesSplitAcrossChunksAnywhere() {
        String epoch = Nmea.fixEpoch();
        for (int i = 0; i < epoch.length(); i += 7) {
            feed(epoch.substring(i, Math.min(epoch.length(), i + 7)));
        }
        assertThat(read).containsExactly(NmeaSentence.Type.GGA, NmeaSentence.Type.RMC, NmeaSentence.Type.GSA);
        assertThat(reader.count(NmeaParser.Result.OK)).isEqualTo(3);
    }

    @Test
    void dropsAnOverlongLineWholeAndCountsIt() {
        feed("$GPTXT," + "x".repeat(5000) + "\r\n" + Nmea.sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1") + "\r\n");

        assertThat(reader.overlong()).isEqualTo(1);
        assertThat(read).containsExactly(NmeaSentence.Type.GSA);
    }

    @Test
    void countsBadChecksumsAndGarbageWithoutReadingThem() {
        feed("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*48\r\n\u00ff\u00fe noise\n\r\n");

        assertThat(read).isEmpty();
        assertThat(reader.count(NmeaParser.Result.BAD_CHECKSUM)).isEqualTo(1);
        assertThat(reader.count(NmeaParser.Result.GARBAGE)).isEqualTo(1);
        assertThat(reader.statistics()).contains("bad checksum 1").contains("garbage 1");
    }
}
