package org.mviot.edge.cloud.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The timestamp header's text is exactly the JDK's, for any millisecond, in any order of calls. */
class IsoMillisTest {

    @Property(tries = 2000)
    void anyMillisecondIsWrittenAsInstantWritesIt(@ForAll @LongRange(min = -62_135_596_800_000L, max = 253_402_300_799_999L) long millis) {
        assertThat(IsoMillis.format(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
    }

    @Property(tries = 500)
    void millisecondsOfTheSameSecondAndItsNeighboursAreWrittenAsInstantWritesThem(
            @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis) {
        for (long m : new long[] {millis, millis + 1, millis - 1, millis + 999, millis + 1000, millis / 1000 * 1000}) {
            assertThat(IsoMillis.format(m)).isEqualTo(Instant.ofEpochMilli(m).toString());
        }
    }
}
