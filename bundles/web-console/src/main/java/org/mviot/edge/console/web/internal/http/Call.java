package org.mviot.edge.console.web.internal.http;

import java.util.regex.Matcher;

import org.mviot.edge.console.web.internal.auth.Session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One API request on its way to its handler.
 *
 * @param req     the request
 * @param resp    the response
 * @param session the caller's session ({@code null} only for the login)
 * @param path    the route's match: group 1, 2… are the path's variable parts
 */
public record Call(HttpServletRequest req, HttpServletResponse resp, Session session, Matcher path) {

    /** @return who: the session's user, or {@code -} */
    public String user() {
        return session == null ? "-" : session.user();
    }

    /** @return the client's address */
    public String address() {
        return req.getRemoteAddr();
    }

    /**
     * @param n a group of the route's pattern
     * @return the path's part, URL-decoded by the container already
     */
    public String part(int n) {
        return path.group(n);
    }
}
