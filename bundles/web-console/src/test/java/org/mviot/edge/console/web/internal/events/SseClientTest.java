package org.mviot.edge.console.web.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseClientTest {

    private final SseClient client = new SseClient(null);
    private final List<byte[]> taken = new ArrayList<>();

    @Test
    void everythingQueuedComesOutAtOnceInOrder() throws InterruptedException {
        client.offer("state", "{\"device\":\"a\"}");
        client.offer(bytes(SseClient.text("value", "{\"v\":1}") + SseClient.text("value", "{\"v\":2}")), 2);

        assertThat(client.next(0, taken)).isTrue();
        assertThat(text(taken)).isEqualTo("event: state\ndata: {\"device\":\"a\"}\n\n"
                + "event: value\ndata: {\"v\":1}\n\nevent: value\ndata: {\"v\":2}\n\n");
        assertThat(client.next(0, taken)).isFalse();
        assertThat(taken).isEmpty();
    }

    @Test
    void twoClientsGetTheSameEncodedPieceNotACopy() throws InterruptedException {
        SseClient other = new SseClient(null);
        byte[] tick = bytes(SseClient.text("value", "{\"v\":1}"));
        client.offer(tick, 1);
        other.offer(tick, 1);
        List<byte[]> otherTaken = new ArrayList<>();

        client.next(0, taken);
        other.next(0, otherTaken);

        assertThat(taken.get(0)).isSameAs(otherTaken.get(0)).isSameAs(tick);
    }

    @Test
    void aClientMoreThanCapacityEventsBehindIsDroppedEvenWhenTheyCameInPieces() {
        client.offer(bytes("x".repeat(10)), SseClient.CAPACITY - 1);
        assertThat(client.dropped()).isFalse();

        client.offer(bytes("y"), 2);

        assertThat(client.dropped()).isTrue();
    }

    @Test
    void takenEventsNoLongerCountTowardsTheBound() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            client.offer(bytes("tick"), SseClient.CAPACITY / 2);
            assertThat(client.next(0, taken)).isTrue();
            assertThat(text(taken)).isEqualTo("tick");
        }

        assertThat(client.dropped()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(List<byte[]> pieces) {
        StringBuilder b = new StringBuilder();
        pieces.forEach(p -> b.append(new String(p, StandardCharsets.UTF_8)));
        return b.toString();
    }
}
