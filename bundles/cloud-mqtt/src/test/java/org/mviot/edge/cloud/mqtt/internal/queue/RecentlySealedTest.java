package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The payloads kept after sealing: found once by offset, bounded in entries and bytes, oldest out first. */
class RecentlySealedTest {

    @Test
    void aPayloadIsFoundByItsOffsetOnceAndThenForgotten() {
        RecentlySealed r = new RecentlySealed(4, 1000);
        byte[] p = {1, 2, 3};
        r.put(7, p);
        assertThat(r.take(8)).isNull();
        assertThat(r.take(7)).isSameAs(p);
        assertThat(r.take(7)).isNull();
    }

    @Test
    void pastItsEntriesTheOldestPayloadGoesFirst() {
        RecentlySealed r = new RecentlySealed(2, 1000);
        r.put(1, new byte[1]);
        r.put(2, new byte[2]);
        r.put(3, new byte[3]);
        assertThat(r.take(1)).isNull();
        assertThat(r.take(2)).hasSize(2);
        assertThat(r.take(3)).hasSize(3);
    }

    @Test
    void pastItsBytesTheOldestPayloadsGoUntilTheNewOneFitsAndOneLargerThanAllIsNotKept() {
        RecentlySealed r = new RecentlySealed(8, 10);
        r.put(1, new byte[4]);
        r.put(2, new byte[4]);
        r.put(3, new byte[4]);
        r.put(4, new byte[11]);
        assertThat(r.take(1)).isNull();
        assertThat(r.take(4)).isNull();
        assertThat(r.take(2)).hasSize(4);
        assertThat(r.take(3)).hasSize(4);
    }

    @Test
    void clearingForgetsEveryPayload() {
        RecentlySealed r = new RecentlySealed(4, 1000);
        r.put(1, new byte[1]);
        r.clear();
        assertThat(r.take(1)).isNull();
    }
}
