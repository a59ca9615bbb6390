package org.mviot.edge.console.web.internal.auth;

import java.time.Instant;

/**
 * A logged-in browser or script.
 *
 * @param id       the cookie's value: 256 random bits
 * @param user     who logged in
 * @param csrf     the token every change must carry in {@code X-CSRF-Token}: 256 other random bits
 * @param address  where the login came from
 * @param lastUsed when it was last used
 */
public record Session(String id, String user, String csrf, String address, Instant lastUsed) {

    Session touched(Instant now) {
        return new Session(id, user, csrf, address, now);
    }
}
