package org.mviot.edge.console.web.internal.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.StandardCharsets;

/**
 * The console's sessions, in memory (a restart logs everybody out): random 256-bit ids, a CSRF token each, ended by
 * logout or after an idle time. At most {@link #MAX_SESSIONS}; a new login beyond that ends the least recently used.
 */
public final class Sessions {

    /** Sessions kept at most. */
    public static final int MAX_SESSIONS = 32;

    private final Clock clock;
    private final Duration idle;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new HashMap<>();

    /**
     * @param clock the time (a test's own)
     * @param idle  how long an unused session lives
     */
    public Sessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    /**
     * @param user    who logged in
     * @param address from where
     * @return a new session
     */
    public synchronized Session open(String user, String address) {
        expire();
        while (byId.size() >= MAX_SESSIONS) {
            byId.values().stream().min(Comparator.comparing(Session::lastUsed)).ifPresent(s -> byId.remove(s.id()));
        }
        Session s = new Session(token(), user, token(), address, clock.instant());
        byId.put(s.id(), s);
        return s;
    }

    /**
     * Finds a live session and marks it used.
     *
     * @param id a cookie's value, may be {@code null}
     * @return the session, empty when unknown or idle too long
     */
    public synchronized Optional<Session> use(String id) {
        if (id == null) {
            return Optional.empty();
        }
        expire();
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Session t = s.touched(clock.instant());
        byId.put(id, t);
        return Optional.of(t);
    }

    /**
     * The session, without marking it used: what a page refreshes by itself (a timer, not the user) and a
     * long-lived stream ask this, so that an unattended page neither keeps its session alive nor outlives it.
     *
     * @param id a cookie's value, may be {@code null}
     * @return the session, empty when unknown or idle too long
     */
    public synchronized Optional<Session> peek(String id) {
        expire();
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /**
     * Whether a session is still open, without marking it used ({@link #peek}).
     *
     * @param id a session id
     * @return whether the session exists and has not been idle too long
     */
    public boolean isOpen(String id) {
        return peek(id).isPresent();
    }

    /**
     * @param id a session id
     * @return whether a session ended
     */
    public synchronized boolean close(String id) {
        return id != null && byId.remove(id) != null;
    }

    /** @return the idle timeout */
    public Duration idle() {
        return idle;
    }

    /**
     * @param session a session
     * @param token   the token a request carried, may be {@code null}
     * @return whether it is the session's CSRF token (compared in constant time)
     */
    public static boolean csrfMatches(Session session, String token) {
        return token != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    private void expire() {
        Instant limit = clock.instant().minus(idle);
        byId.values().removeIf(s -> s.lastUsed().isBefore(limit));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
