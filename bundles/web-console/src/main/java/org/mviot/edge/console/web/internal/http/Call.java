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
     * A query parameter, read from the query string only: never from a form body, which the handler may still read.
     *
     * @param name the parameter
     * @return its first value, URL-decoded, or {@code null}
     */
    public String query(String name) {
        String q = req.getQueryString();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                try {
                    return java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "query parameter " + name + " is not URL-encoded text");
                }
            }
        }
        return null;
    }

    /**
     * @param n a group of the route's pattern
     * @return the path's part, URL-decoded by the container already
     */
    public String part(int n) {
        return path.group(n);
    }
}
