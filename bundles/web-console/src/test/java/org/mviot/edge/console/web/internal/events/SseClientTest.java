package org.mviot.edge.console.web.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SseClientTest {

    private final SseClient client = new SseClient(null);

    @Test
    void everythingQueuedComesOutAsOneTextInOrder() throws InterruptedException {
        client.offer("state", "{\"device\":\"a\"}");
        client.offer(SseClient.text("value", "{\"v\":1}") + SseClient.text("value", "{\"v\":2}"), 2);

        assertThat(client.next(0)).isEqualTo("event: state\ndata: {\"device\":\"a\"}\n\n"
                + "event: value\ndata: {\"v\":1}\n\nevent: value\ndata: {\"v\":2}\n\n");
        assertThat(client.next(0)).isNull();
    }

    @Test
    void aClientMoreThanCapacityEventsBehindIsDroppedEvenWhenTheyCameInPieces() {
        client.offer("x".repeat(10), SseClient.CAPACITY - 1);
        assertThat(client.dropped()).isFalse();

        client.offer("y", 2);

        assertThat(client.dropped()).isTrue();
    }

    @Test
    void takenEventsNoLongerCountTowardsTheBound() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            client.offer("tick", SseClient.CAPACITY / 2);
            assertThat(client.next(0)).isEqualTo("tick");
        }

        assertThat(client.dropped()).isFalse();
    }
}
