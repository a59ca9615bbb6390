package org.mviot.edge.console.web.internal.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing per client address: after {@link #FREE_FAILURES} failed logins in a row, the address
 * is locked out for 30 s, doubling with every further failure up to 15 minutes; a successful login clears it. The
 * table is bounded ({@link #MAX_ADDRESSES}, least recently failed forgotten first) so that many addresses cannot
 * grow it without end.
 */
public final class LoginThrottle {

    /** Failed logins in a row that cost nothing but the answer. */
    public static final int FREE_FAILURES = 5;
    /** The first lockout. */
    public static final Duration FIRST_LOCKOUT = Duration.ofSeconds(30);
    /** The longest lockout. */
    public static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    /** Addresses remembered at most. */
    static final int MAX_ADDRESSES = 1024;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** @param clock the time (a test's own) */
    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param address a client address
     * @return how long it must still wait before it may try again; zero when it may now
     */
    public synchronized Duration wait(String address) {
        Failures f = byAddress.get(address);
        if (f == null || f.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * @param address a client address whose login failed
     * @return the lockout it earned now; zero while still within the free failures
     */
    public synchronized Duration failed(String address) {
        Failures f = byAddress.get(address);
        int count = f == null ? 1 : f.count() + 1;
        Duration lock = Duration.ZERO;
        if (count >= FREE_FAILURES) {
            int doublings = Math.min(count - FREE_FAILURES, 20);
            lock = FIRST_LOCKOUT.multipliedBy(1L << doublings);
            if (lock.compareTo(MAX_LOCKOUT) > 0) {
                lock = MAX_LOCKOUT;
            }
        }
        byAddress.put(address, new Failures(count, lock.isZero() ? null : clock.instant().plus(lock)));
        return lock;
    }

    /** @param address a client address that logged in */
    public synchronized void succeeded(String address) {
        byAddress.remove(address);
    }
}
