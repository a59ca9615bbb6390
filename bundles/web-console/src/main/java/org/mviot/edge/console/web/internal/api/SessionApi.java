package org.mviot.edge.console.web.internal.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mviot.edge.console.web.internal.ConsoleSettings;
import org.mviot.edge.console.web.internal.auth.AdminPasswordFile;
import org.mviot.edge.console.web.internal.auth.LoginThrottle;
import org.mviot.edge.console.web.internal.auth.PasswordHash;
import org.mviot.edge.console.web.internal.auth.Session;
import org.mviot.edge.console.web.internal.auth.Sessions;
import org.mviot.edge.console.web.internal.http.ApiException;
import org.mviot.edge.console.web.internal.http.ApiDispatcher;
import org.mviot.edge.console.web.internal.http.Audit;
import org.mviot.edge.console.web.internal.http.Call;
import org.mviot.edge.console.web.internal.http.Replies;
import org.mviot.edge.console.web.internal.http.RequestBody;
import org.mviot.edge.console.web.internal.http.Route;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * {@code /session}: log in ({@code POST {"password": "..."}}), who am I ({@code GET}), log out ({@code DELETE}).
 * The one user is {@code admin}.
 */
public final class SessionApi {

    /** The console's one user. */
    public static final String USER = "admin";

    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Path passwordFile;

    /**
     * @param sessions     the sessions
     * @param throttle     the login rate limit
     * @param passwordFile the admin password's hash
     */
    public SessionApi(Sessions sessions, LoginThrottle throttle, Path passwordFile) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.passwordFile = passwordFile;
    }

    /** @return the login route */
    public Route login() {
        return Route.of("POST", "/session", this::login);
    }

    /** @return who-am-I and logout */
    public java.util.List<Route> routes() {
        return java.util.List.of(Route.of("GET", "/session", c -> Replies.json(c.resp(), 200, whoami(c.session()))),
                Route.of("DELETE", "/session", this::logout));
    }

    private void login(Call c) throws IOException {
        String address = c.address();
        // the body is read (bounded) before a refusal too: a response that leaves it unread makes Jetty close the
        // connection, and a client reusing that kept-alive connection for its next request gets no answer at all
        JsonObject body = RequestBody.object(c.req(), ConsoleSettings.MAX_JSON_BYTES);
        Duration wait = throttle.wait(address);
        if (!wait.isZero()) {
            c.resp().setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            Replies.error(c.resp(), 429, "too many failed logins from " + address + ": try again in " + Math.max(1, wait.toSeconds()) + " s");
            return;
        }
        JsonElement p = body.get("password");
        if (p == null || !p.isJsonPrimitive() || !p.getAsJsonPrimitive().isString()) {
            throw new ApiException(400, "expected {\"password\": \"...\"}");
        }
        char[] password = p.getAsString().toCharArray();
        boolean ok;
        try {
            String stored = AdminPasswordFile.read(passwordFile).orElseThrow(() -> new ApiException(503, ApiDispatcher.NO_PASSWORD));
            ok = password.length <= AdminPasswordFile.MAX_LENGTH && PasswordHash.verify(password, stored);
        } catch (IllegalArgumentException e) {
            throw new ApiException(500, passwordFile + " does not hold a password hash (" + e.getMessage()
                    + "): set the password again with mviot-edge provision --admin-password-file");
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        if (!ok) {
            Duration lock = throttle.failed(address);
            Audit.refused("-", address, "login refused: wrong password" + (lock.isZero() ? "" : ", address locked out for " + lock.toSeconds() + " s"));
            throw new ApiException(401, "wrong password");
        }
        throttle.succeeded(address);
        Session s = sessions.open(USER, address);
        Audit.info(s.user(), address, "login");
        c.resp().addHeader("Set-Cookie", ApiDispatcher.COOKIE + "=" + s.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        Replies.json(c.resp(), 200, whoami(s));
    }

    private void logout(Call c) throws IOException {
        sessions.close(c.session().id());
        Audit.info(c.user(), c.address(), "logout");
        c.resp().addHeader("Set-Cookie", ApiDispatcher.COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
        c.resp().setStatus(204);
    }

    private Map<String, Object> whoami(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", s.user());
        m.put("csrf", s.csrf());
        m.put("idleTimeoutSeconds", sessions.idle().toSeconds());
        return m;
    }
}
