package org.mviot.edge.console.web.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.mviot.edge.console.web.internal.ConsoleSettings;
import org.mviot.edge.console.web.internal.auth.AdminPasswordFile;
import org.mviot.edge.console.web.internal.auth.Session;
import org.mviot.edge.console.web.internal.auth.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON API under {@code /api/v1}: finds the route, and before it runs, checks that an admin password is set
 * (else 503 saying how to set one), that the caller has a live session (else 401; the login route excepted) and that
 * a change carries the session's CSRF token in {@code X-CSRF-Token} (else 403). A GET marked as a page's own refresh
 * ({@value #REFRESH_HEADER}{@code : 1}) does not count as use of the session. Every answer is JSON (server-sent
 * events excepted); every refusal is {@code {"error": "..."}} with a 4xx or 5xx status.
 */
public final class ApiDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    /** The session cookie's name. */
    public static final String COOKIE = "mviot_session";
    /** The header that carries the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /**
     * The header a page sets on what it asks by itself (a periodic refresh): such a GET finds its session without
     * marking it used, so a page left open does not keep its session alive past the idle timeout.
     */
    public static final String REFRESH_HEADER = "X-Console-Refresh";
    /** Shown while no password is set. */
    public static final String NO_PASSWORD = "no admin password is set: run 'mviot-edge provision --admin-password-file FILE' on the gateway "
            + "('-' instead of FILE to type it), then restart the gateway; until then the console answers on 127.0.0.1 only";

    private final ConsoleSettings settings;
    private final Sessions sessions;
    private final List<Route> routes = new ArrayList<>();
    private final Route login;

    /**
     * @param settings the console's settings
     * @param sessions the sessions
     * @param login    the login route (answered without a session)
     * @param routes   every other route
     */
    public ApiDispatcher(ConsoleSettings settings, Sessions sessions, Route login, List<Route> routes) {
        this.settings = settings;
        this.sessions = sessions;
        this.login = login;
        this.routes.add(login);
        this.routes.addAll(routes);
    }

    /**
     * @param req  a request below {@code /api/v1}
     * @param resp its response
     * @throws IOException if the client is gone
     */
    public void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Replies.securityHeaders(resp);
        resp.setHeader("Cache-Control", "no-store");
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            if (AdminPasswordFile.read(settings.passwordFile()).isEmpty()) {
                throw new ApiException(503, NO_PASSWORD);
            }
            Route route = null;
            Matcher m = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher x = r.pattern().matcher(path);
                if (x.matches()) {
                    pathKnown = true;
                    if (r.method().equals(req.getMethod())) {
                        route = r;
                        m = x;
                        break;
                    }
                }
            }
            if (route == null) {
                throw pathKnown ? new ApiException(405, "method " + req.getMethod() + " is not allowed on " + Audit.quote(path))
                        : new ApiException(404, "no API endpoint " + Audit.quote(path) + " (see the console's README for /api/v1)");
            }
            Session session = session(req).orElse(null);
            if (route != login) {
                if (session == null) {
                    throw new ApiException(401, "not logged in, or the session ended (idle for " + sessions.idle().toMinutes()
                            + " minutes, or logged out): log in with POST /api/v1/session");
                }
                if (!req.getMethod().equals("GET") && !Sessions.csrfMatches(session, req.getHeader(CSRF_HEADER))) {
                    Audit.refused(session.user(), req.getRemoteAddr(), req.getMethod() + " " + Audit.quote(path) + " refused: no valid CSRF token");
                    throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header: send the csrf value the login answered");
                }
            }
            route.handler().handle(new Call(req, resp, session, m));
        } catch (ApiException e) {
            if (!resp.isCommitted()) {
                resp.reset();
                Replies.securityHeaders(resp);
                resp.setHeader("Cache-Control", "no-store");
                if (e.status() == 413 || req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
                    // a refused request's body may be unread (too large, or refused for its name or path before it
                    // was read): the server may close the connection after the answer, so it says so, and a client
                    // does not send its next request on a connection that is about to close. Up to
                    // RequestBody.DISCARD_MAX of it is read and dropped first, so that the close does not reset the
                    // connection under the answer.
                    resp.setHeader("Connection", "close");
                    RequestBody.discard(req);
                }
                Replies.error(resp, e.status(), e.getMessage());
            }
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("console API {} {} failed", req.getMethod(), Audit.quote(path), e);
            if (!resp.isCommitted()) {
                resp.reset();
                Replies.error(resp, 500, "internal error: " + e.getClass().getSimpleName() + " (see the gateway log)");
            }
        }
    }

    private java.util.Optional<Session> session(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return java.util.Optional.empty();
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(COOKIE)) {
                boolean refresh = req.getMethod().equals("GET") && "1".equals(req.getHeader(REFRESH_HEADER));
                return refresh ? sessions.peek(c.getValue()) : sessions.use(c.getValue());
            }
        }
        return java.util.Optional.empty();
    }
}
