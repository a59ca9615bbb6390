package org.mviot.edge.console.web.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SessionsTest {

    private final MutableClock clock = new MutableClock();
    private final Sessions sessions = new Sessions(clock, Duration.ofMinutes(15));

    @Test
    void aSessionHasRandom256BitIdAndCsrfTokenThatDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Session s = sessions.open("admin", "127.0.0.1");
            assertThat(s.id()).hasSize(43).isNotEqualTo(s.csrf());
            assertThat(seen.add(s.id())).isTrue();
            assertThat(seen.add(s.csrf())).isTrue();
        }
    }

    @Test
    void aSessionIdleLongerThanTheTimeoutEndsAndUseKeepsItAlive() {
        Session s = sessions.open("admin", "10.0.0.5");
        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.use(s.id())).isPresent();
        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.use(s.id())).isPresent();
        clock.advance(Duration.ofMinutes(16));
        assertThat(sessions.use(s.id())).isEmpty();
    }

    @Test
    void askingWhetherASessionIsOpenDoesNotKeepItAlive() {
        Session s = sessions.open("admin", "10.0.0.5");
        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.isOpen(s.id())).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(sessions.isOpen(s.id())).as("idle 16 minutes: asking is not using").isFalse();
        Session t = sessions.open("admin", "10.0.0.5");
        sessions.close(t.id());
        assertThat(sessions.isOpen(t.id())).isFalse();
        assertThat(sessions.isOpen(null)).isFalse();
    }

    @Test
    void aPeekFindsTheSessionButDoesNotKeepItAlive() {
        Session s = sessions.open("admin", "10.0.0.5");
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.peek(s.id())).map(Session::user).contains("admin");
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.peek(s.id())).as("idle 20 minutes, peeked at after 10").isEmpty();
        assertThat(sessions.use(s.id())).isEmpty();
        assertThat(sessions.peek(null)).isEmpty();
    }

    @Test
    void logoutEndsTheSessionAndUnknownIdsFindNothing() {
        Session s = sessions.open("admin", "10.0.0.5");
        assertThat(sessions.close(s.id())).isTrue();
        assertThat(sessions.use(s.id())).isEmpty();
        assertThat(sessions.use("forged")).isEmpty();
        assertThat(sessions.use(null)).isEmpty();
    }

    @Test
    void theCsrfTokenMustBeTheSessionsOwn() {
        Session a = sessions.open("admin", "10.0.0.5");
        Session b = sessions.open("admin", "10.0.0.6");
        assertThat(Sessions.csrfMatches(a, a.csrf())).isTrue();
        assertThat(Sessions.csrfMatches(a, b.csrf())).isFalse();
        assertThat(Sessions.csrfMatches(a, null)).isFalse();
        assertThat(Sessions.csrfMatches(a, "")).isFalse();
    }

    @Test
    void beyondTheLimitTheLeastRecentlyUsedSessionEnds() {
        Session first = sessions.open("admin", "10.0.0.1");
        clock.advance(Duration.ofSeconds(1));
        Session second = sessions.open("admin", "10.0.0.2");
        clock.advance(Duration.ofSeconds(1));
        sessions.use(first.id());
        for (int i = 0; i < Sessions.MAX_SESSIONS - 1; i++) {
            clock.advance(Duration.ofSeconds(1));
            sessions.open("admin", "10.0.1." + i);
        }
        assertThat(sessions.use(second.id())).isEmpty();
        assertThat(sessions.use(first.id())).isPresent();
    }
}
