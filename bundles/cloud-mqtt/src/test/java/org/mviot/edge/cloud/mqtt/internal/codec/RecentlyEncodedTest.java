package org.mviot.edge.cloud.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;

class RecentlyEncodedTest {

    private static final ThingId THING = new ThingId("org.example", "plc");

    private static TwinUpdate.Changes update(long sequence, Object... values) {
        List<PropertyChange> changes = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            changes.add(new PropertyChange("r" + i, "value", values[i], 1_764_000_000_000L + i, Quality.GOOD, TimeSource.SYNCED));
        }
        return new TwinUpdate.Changes(THING, sequence, changes);
    }

    @Test
    void bytesReadBackRightAfterEncodingGiveTheUpdateItselfOnceAndThenAnEqualDecoding() {
        TwinUpdate.Changes u = update(1, 5L, 2.5, "text", true, null);
        byte[] b = BinaryFormat.encode(u);

        assertThat(BinaryFormat.decode(b.clone())).isSameAs(u);
        Object again = BinaryFormat.decode(b.clone());
        assertThat(again).isNotSameAs(u).isEqualTo(u);
    }

    @Test
    void theShortcutGivesWhatDecodingTheBytesGives() {
        TwinUpdate.Changes u = update(2, 1L, -7L, 3.25, "ü€\u0000", false, null, Long.MIN_VALUE, Double.NaN);
        byte[] b = BinaryFormat.encode(u);

        assertThat(BinaryFormat.decodeStored(b)).isEqualTo(BinaryFormat.decode(b));
    }

    @Test
    void otherBytesOfTheSameLengthAreDecoded() {
        TwinUpdate.Changes u = update(3, 100L, 200L);
        byte[] b = BinaryFormat.encode(u);
        byte[] other = b.clone();
        other[other.length - 16] ^= 1; // a byte of the last value (before its timestamp, codes and time quality)

        Object back = BinaryFormat.decode(other);

        assertThat(back).isNotSameAs(u).isNotEqualTo(u);
        assertThat(((TwinUpdate.Changes) back).changes().get(1).value()).isNotEqualTo(200L);
    }

    @Test
    void updatesWhoseValuesDecodeAsOtherTypesAreNotKept() {
        for (TwinUpdate.Changes inexact : List.of(update(4, 7), update(5, 1L, 1.5f), update(6, new StringBuilder("sb")))) {
            int kept = BinaryFormat.RECENT.size();
            byte[] b = BinaryFormat.encode(inexact);

            assertThat(BinaryFormat.RECENT.size()).isEqualTo(kept);
            assertThat(BinaryFormat.decode(b)).isNotSameAs(inexact).isEqualTo(BinaryFormat.decodeStored(b));
        }
        TwinUpdate.Changes ints = (TwinUpdate.Changes) BinaryFormat.decode(BinaryFormat.encode(update(7, 7, 1.5f)));
        assertThat(ints.changes().get(0).value()).isEqualTo(7L);
        assertThat(ints.changes().get(1).value()).isEqualTo(1.5);
    }

    @Test
    void keepsAtMostItsEntriesAndBytesOldestOutFirst() {
        RecentlyEncoded recent = new RecentlyEncoded(2, 100);
        TwinUpdate a = update(1, 1L);
        TwinUpdate b = update(2, 2L);
        TwinUpdate c = update(3, 3L);
        recent.put(new byte[] {1}, a);
        recent.put(new byte[] {2}, b);
        recent.put(new byte[] {3}, c);

        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.take(new byte[] {1})).isNull();
        assertThat(recent.take(new byte[] {3})).isSameAs(c);
        assertThat(recent.take(new byte[] {3})).isNull();


        RecentlyEncoded small = new RecentlyEncoded(4, 100);
        small.put(new byte[60], a);
        small.put(new byte[50], c); // 110 bytes: the 60 go
        assertThat(small.take(new byte[60])).isNull();
        assertThat(small.take(new byte[50])).isSameAs(c);
        small.put(new byte[101], a); // larger than the bound: not kept
        assertThat(small.size()).isZero();
    }
}
