package org.mviot.edge.console.web.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mviot.edge.console.web.internal.ConsoleSettings;
import org.mviot.edge.console.web.internal.auth.AdminPasswordFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's pages: the files under {@code web/} in this bundle, at {@code /} ({@code index.html} for {@code /}).
 * Paths are letters, digits, {@code . _ -} and {@code /} only, no {@code ..}: anything else is 404. Until an admin
 * password is set, a page is a short notice that says how to set one (503).
 * <p>
 * Caching (issue 15: first paint ≤ 300 ms): {@code index.html} names every other file under {@code /v/VERSION/}, a
 * part that changes with the bundle, and those answers may be kept for good ({@code immutable}): a reload costs one
 * revalidated request (the page, 304) and no request per module. Every other answer ({@code index.html}, an
 * unversioned or older version's path) is {@code no-cache} with {@code Last-Modified}: 304 while the bundle is the same.
 */
@Component(service = Servlet.class, property = {"osgi.http.whiteboard.servlet.pattern=/", "osgi.http.whiteboard.servlet.name=mviot-console-pages"})
public final class StaticServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_][A-Za-z0-9._-]{0,99})+/?|/");
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8", "css", "text/css;charset=utf-8", "js",
            "text/javascript;charset=utf-8", "json", "application/json;charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "ico",
            "image/x-icon", "txt", "text/plain;charset=utf-8", "webmanifest", "application/manifest+json");
    /** Shown while no admin password is set. */
    static final String NO_PASSWORD_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>mviot-edge console: no admin password</title></head><body>
            <h1>mviot-edge console</h1>
            <p>No admin password is set, so the console answers only on this machine and nobody can log in.</p>
            <p>Set one on the gateway: <code>mviot-edge provision --admin-password-file FILE</code> (or <code>-</code> instead of FILE
            to type it), then restart the gateway.</p></body></html>
            """;

    /** A file under the bundle's version part: {@code /v/VERSION/js/app.js}. */
    private static final Pattern VERSIONED = Pattern.compile("/v/([a-z0-9-]{1,40})(/.+)");
    /** Where {@code index.html} names the version part. */
    static final String VERSION_MARK = "@v@";

    private final transient BundleContext context;
    private final transient ConsoleSettings settings;

    /** @param context this bundle's context: its files and the framework properties */
    @Activate
    public StaticServlet(BundleContext context) {
        this.context = context;
        this.settings = ConsoleSettings.of(context::getProperty);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Replies.securityHeaders(resp);
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (!PATH.matcher(path).matches() || path.contains("..")) {
            notFound(resp);
            return;
        }
        if (path.endsWith("/")) {
            path = path + "index.html";
        }
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (ext.equals("html") && AdminPasswordFile.read(settings.passwordFile()).isEmpty()) {
            byte[] page = NO_PASSWORD_PAGE.getBytes(StandardCharsets.UTF_8);
            resp.setStatus(503);
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentType(TYPES.get("html"));
            resp.setContentLength(page.length);
            resp.getOutputStream().write(page);
            return;
        }
        Bundle bundle = context.getBundle();
        // HTTP dates have whole seconds
        long modified = bundle.getLastModified() / 1000 * 1000;
        String version = version(bundle);
        boolean current = false;
        Matcher versioned = VERSIONED.matcher(path);
        if (versioned.matches()) {
            current = versioned.group(1).equals(version);
            path = versioned.group(2);
        }
        URL entry = bundle.getEntry("web" + path);
        String type = TYPES.get(ext);
        if (entry == null || type == null) {
            notFound(resp);
            return;
        }
        if (current) {
            // the name changes with the bundle: the browser keeps the file and asks no more (no round trip per module)
            resp.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        } else {
            // the page itself, an unversioned name or a page of the bundle before: revalidated each time, 304 while the
            // bundle is the same one, never stale code
            resp.setHeader("Cache-Control", "no-cache");
        }
        resp.setDateHeader("Last-Modified", modified);
        if (req.getDateHeader("If-Modified-Since") >= modified) {
            resp.setStatus(304);
            return;
        }
        resp.setStatus(200);
        resp.setContentType(type);
        if (path.equals("/index.html")) {
            byte[] page = indexPage(entry, version);
            resp.setContentLength(page.length);
            resp.getOutputStream().write(page);
            return;
        }
        try (InputStream in = entry.openStream(); OutputStream out = resp.getOutputStream()) {
            in.transferTo(out);
        }
    }

    /**
     * @param bundle this bundle
     * @return the name part of its files' URLs: changes whenever the bundle does (an update, a new install)
     */
    static String version(Bundle bundle) {
        return Long.toString(bundle.getBundleId(), 36) + "-" + Long.toString(bundle.getLastModified(), 36);
    }

    /**
     * @param entry   {@code web/index.html}
     * @param version the bundle's version part
     * @return the page with {@value #VERSION_MARK} replaced by {@code v/VERSION}
     * @throws IOException if the bundle cannot be read
     */
    private static byte[] indexPage(URL entry, String version) throws IOException {
        try (InputStream in = entry.openStream()) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return page.replace(VERSION_MARK, "v/" + version).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        doGet(req, resp);
    }

    private static void notFound(HttpServletResponse resp) throws IOException {
        byte[] b = "not found\n".getBytes(StandardCharsets.UTF_8);
        resp.setStatus(404);
        resp.setContentType(TYPES.get("txt"));
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
