package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class SessionTakeoversTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    private final SessionTakeovers takeovers = new SessionTakeovers("gw-1", now::get);

    private Duration takeoverAfter(long seconds) {
        now.set(now.get().plusSeconds(seconds));
        return takeovers.takenOver(SessionTakeovers.Loss.CLOSED_BY_BROKER, "tcp://broker:1883");
    }

    @Test
    void oneOrTwoTakeoversAMinuteAreCountedButTheLinkTakesTheSessionBackAtOnce() {
        assertThat(takeoverAfter(0)).isZero();
        assertThat(takeoverAfter(30)).isZero();
        // the first fell out of the minute: still two within it
        assertThat(takeoverAfter(31)).isZero();

        assertThat(takeovers.properties()).containsEntry("takeovers", 3L).containsEntry("suspected", false)
                .containsEntry("takeoverEpisodes", 0L).containsEntry("lastTakeoverAt", "2026-12-07T10:01:01Z");
    }

    @Test
    void threeWithinAMinuteStartAnEpisodeWhoseWaitsDoubleUpToAMinute() {
        List<Long> holds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            holds.add(takeoverAfter(1).toSeconds());
        }

        assertThat(holds).containsExactly(0L, 0L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(takeovers.properties()).containsEntry("takeovers", 10L).containsEntry("suspected", true)
                .containsEntry("takeoverEpisodes", 1L).containsEntry("holdMs", 60_000L);
    }

    @Test
    void anEpisodeEndsAMinuteAfterTheLastWaitAndTheNextOneIsToldAgain() {
        for (int i = 0; i < 4; i++) {
            takeoverAfter(1);
        }
        // the last wait was 4 s: quiet for 4 s + 60 s ends the episode
        now.set(now.get().plusSeconds(65));
        assertThat(takeovers.properties()).containsEntry("suspected", false).containsEntry("holdMs", 0L);

        assertThat(takeoverAfter(0)).isZero();
        assertThat(takeoverAfter(1)).isZero();
        assertThat(takeoverAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(takeovers.properties()).containsEntry("takeoverEpisodes", 2L);
    }

    @Test
    void countsReasonCode142ApartFromConnectionsTheBrokerClosedWithoutOne() {
        takeovers.takenOver(SessionTakeovers.Loss.TAKEN_OVER, "tcp://hivemq:1883");
        takeoverAfter(1);

        assertThat(takeovers.properties()).containsEntry("takeovers", 2L).containsEntry("takeoversByReasonCode", 1L);
    }

    @Test
    void tellsATakeoverByReasonCode142OrByTheBrokerClosingWithoutOneFromANetworkFailure() {
        assertThat(SessionTakeovers.classify(142, -1, null)).isEqualTo(SessionTakeovers.Loss.TAKEN_OVER);
        assertThat(SessionTakeovers.classify(-1, 142, null)).isEqualTo(SessionTakeovers.Loss.TAKEN_OVER);
        // Mosquitto 2.0 closes a taken-over connection without a DISCONNECT: Paho reads the end of the stream
        assertThat(SessionTakeovers.classify(-1, 32109, new java.io.EOFException())).isEqualTo(SessionTakeovers.Loss.CLOSED_BY_BROKER);
        assertThat(SessionTakeovers.classify(-1, 32109, new java.net.SocketException("Connection reset")))
                .as("a network failure").isEqualTo(SessionTakeovers.Loss.OTHER);
        assertThat(SessionTakeovers.classify(0x8B, -1, null)).as("server shutting down").isEqualTo(SessionTakeovers.Loss.OTHER);
        assertThat(SessionTakeovers.classify(-1, 32000, null)).as("keepalive timeout").isEqualTo(SessionTakeovers.Loss.OTHER);
    }
}
