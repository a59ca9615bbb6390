package org.mviot.edge.it.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.testsupport.PeerProcess;
import org.openqa.selenium.bidi.Command;
import org.openqa.selenium.bidi.Connection;
import org.openqa.selenium.bidi.Event;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.remote.http.HttpClient;

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi, the protocol Firefox speaks itself.
 *
 * <p>Selenium's {@code FirefoxDriver} needs geckodriver, which Debian does not package; Firefox started with
 * {@code --remote-debugging-port} needs nothing in between. Selenium's own BiDi {@link Connection} (the library the
 * Chromium tests use) carries the commands over its WebSocket; this class starts the browser, opens the session and
 * wraps the few commands a page test needs: navigate, run a function in the page, click and type as a user does
 * ({@code input.performActions}), choose a file, resize the viewport, take a screenshot, delete cookies, and collect
 * what the page logged as an error (uncaught exceptions, {@code console.error}; Firefox logs a Content Security Policy
 * refusal as an error too).
 *
 * <p>Every browser gets a fresh profile directory and listens on a free 127.0.0.1 port; it accepts the self-signed
 * certificate of the page under test ({@code acceptInsecureCerts}). {@link #close()} ends the session, then the
 * process by its PID.
 */
public final class FirefoxBiDi implements AutoCloseable {

    /** Debian's package {@code firefox-esr}. */
    public static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    /** The longest a single command may take (a navigation included). */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Errors kept until {@link #takeErrors()}: a page that fails in a loop cannot fill the test's heap. */
    private static final int MAX_ERRORS = 1_000;

    private final PeerProcess firefox;
    private final Connection bidi;
    private final String context;
    private final List<String> errors = new ArrayList<>();

    private FirefoxBiDi(PeerProcess firefox, Connection bidi) {
        this.firefox = firefox;
        this.bidi = bidi;
        send("session.new", Map.of("capabilities", Map.of("alwaysMatch", Map.of("acceptInsecureCerts", true))));
        bidi.addListener("page-errors", new Event<Map<String, Object>>("log.entryAdded", p -> p), this::logged);
        send("session.subscribe", Map.of("events", List.of("log.entryAdded")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tree = (List<Map<String, Object>>) send("browsingContext.getTree", Map.of()).get("contexts");
        context = (String) tree.get(0).get("context");
    }

    /**
     * Starts Firefox on a blank page.
     *
     * @param profile an empty directory for the browser's profile
     * @return the browser
     * @throws IOException if it cannot start; an {@link AssertionError} if {@code firefox-esr} is not installed
     */
    public static FirefoxBiDi start(Path profile) throws IOException {
        if (!Files.isExecutable(FIREFOX)) {
            throw new AssertionError(FIREFOX + " is missing: the console's Firefox test needs Debian's firefox-esr "
                    + "(apt-get install --no-install-recommends firefox-esr; .ci/run installs it)");
        }
        Files.createDirectories(profile);
        PeerProcess firefox = PeerProcess.start("firefox-esr", List.of(FIREFOX.toString(), "--headless", "--no-remote",
                "--profile", profile.toAbsolutePath().toString(),
                "--remote-debugging-port=0", "--remote-allow-hosts=127.0.0.1", "about:blank"));
        try {
            String line = firefox.awaitLine(".*WebDriver BiDi listening on ws://127\\.0\\.0\\.1:\\d+.*");
            URI ws = URI.create(line.replaceAll(".*(ws://127\\.0\\.0\\.1:\\d+).*", "$1/session"));
            HttpClient client = HttpClient.Factory.createDefault().createClient(ClientConfig.defaultConfig().baseUri(ws));
            Connection bidi = new Connection(client, ws.toString());
            try {
                return new FirefoxBiDi(firefox, bidi);
            } catch (RuntimeException | Error e) {
                bidi.close();
                throw e;
            }
        } catch (RuntimeException | Error e) {
            firefox.close();
            throw e;
        }
    }

    /**
     * Loads a page and waits for its {@code load} event.
     *
     * @param url the address
     */
    public void navigate(String url) {
        send("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    /**
     * Calls a function in the page, awaiting it if it returns a promise.
     *
     * @param function a JavaScript function declaration, {@code (a, b) => …}
     * @param args     its arguments: strings, numbers, booleans, null, or maps of string to string
     * @return what it returned: a string, number, boolean, null, list or map (keys as strings), or for a DOM node
     *         the protocol's description of it (with its {@code sharedId})
     * @throws AssertionError with the page's message if the function threw
     */
    public Object call(String function, Object... args) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("functionDeclaration", function);
        params.put("target", Map.of("context", context));
        params.put("awaitPromise", true);
        params.put("arguments", List.of(args).stream().map(FirefoxBiDi::local).toList());
        Map<String, Object> answer = send("script.callFunction", params);
        if (!"success".equals(answer.get("type"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) answer.get("exceptionDetails");
            throw new AssertionError("the page threw: " + (details == null ? answer : details.get("text")) + "\n in " + function);
        }
        return remote(answer.get("result"));
    }

    /**
     * Clicks the centre of an element with the mouse, after scrolling it into view.
     *
     * @param css a selector for the element
     */
    public void click(String css) {
        Map<String, Object> pointer = Map.of("type", "pointer", "id", "mouse", "parameters", Map.of("pointerType", "mouse"), "actions", List.of(
                Map.of("type", "pointerMove", "x", 0, "y", 0, "origin", Map.of("type", "element", "element", Map.of("sharedId", element(css)))),
                Map.of("type", "pointerDown", "button", 0),
                Map.of("type", "pointerUp", "button", 0)));
        send("input.performActions", Map.of("context", context, "actions", List.of(pointer)));
    }

    /**
     * Clicks a text field and types into it, key by key, after what it holds.
     *
     * @param css  a selector for the field
     * @param text what to type (characters; no control keys)
     */
    public void type(String css, String text) {
        click(css);
        List<Map<String, Object>> keys = new ArrayList<>();
        text.codePoints().mapToObj(Character::toString).forEach(k -> {
            keys.add(Map.of("type", "keyDown", "value", k));
            keys.add(Map.of("type", "keyUp", "value", k));
        });
        send("input.performActions", Map.of("context", context, "actions",
                List.of(Map.of("type", "key", "id", "keyboard", "actions", keys))));
    }

    /**
     * Chooses a file in a file input, as a user does in the file dialog.
     *
     * @param css  a selector for the {@code <input type=file>}
     * @param file the file
     */
    public void chooseFile(String css, Path file) {
        send("input.setFiles", Map.of("context", context, "element", Map.of("sharedId", element(css)),
                "files", List.of(file.toAbsolutePath().toString())));
    }

    /**
     * Sets the size of the page's viewport.
     *
     * @param width  CSS pixels
     * @param height CSS pixels
     */
    public void resize(int width, int height) {
        send("browsingContext.setViewport", Map.of("context", context, "viewport", Map.of("width", width, "height", height)));
    }

    /**
     * Saves a PNG of the visible page.
     *
     * @param file where
     * @return the file
     * @throws IOException if it cannot be written
     */
    public Path screenshot(Path file) throws IOException {
        String png = (String) send("browsingContext.captureScreenshot", Map.of("context", context)).get("data");
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, Base64.getDecoder().decode(png));
    }

    /** Deletes every cookie of the browser (HttpOnly ones included, which page scripts cannot touch). */
    public void deleteCookies() {
        send("storage.deleteCookies", Map.of());
    }

    /**
     * Takes what the pages logged as errors since the last call: uncaught exceptions, {@code console.error} and
     * Content Security Policy refusals.
     *
     * @return those messages
     */
    public synchronized List<String> takeErrors() {
        List<String> taken = List.copyOf(errors);
        errors.clear();
        return taken;
    }

    private synchronized void logged(Map<String, Object> entry) {
        if ("error".equals(entry.get("level")) && errors.size() < MAX_ERRORS) {
            errors.add(entry.get("type") + ": " + entry.get("text"));
        }
    }

    /** @return the sharedId of the first element a selector matches, scrolled into view */
    private String element(String css) {
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) call("(css) => { const e = document.querySelector(css);"
                + " if (!e) throw new Error(`no element matches ${css}`); e.scrollIntoView({block: 'center'}); return e; }", css);
        return (String) node.get("sharedId");
    }

    private Map<String, Object> send(String method, Map<String, Object> params) {
        return bidi.sendAndWait(new Command<Map<String, Object>>(method, params, Json.MAP_TYPE), COMMAND_TIMEOUT);
    }

    /** A Java value as the protocol's LocalValue. */
    private static Object local(Object v) {
        if (v == null) {
            return Map.of("type", "null");
        } else if (v instanceof String s) {
            return Map.of("type", "string", "value", s);
        } else if (v instanceof Number n) {
            return Map.of("type", "number", "value", n);
        } else if (v instanceof Boolean b) {
            return Map.of("type", "boolean", "value", b);
        } else if (v instanceof Map<?, ?> m) {
            return Map.of("type", "object", "value", m.entrySet().stream().map(e -> List.of(String.valueOf(e.getKey()), local(e.getValue()))).toList());
        }
        throw new IllegalArgumentException("not a value this client sends to a page: " + v.getClass().getName());
    }

    /** The protocol's RemoteValue as a Java value. */
    @SuppressWarnings("unchecked")
    private static Object remote(Object value) {
        Map<String, Object> r = (Map<String, Object>) value;
        return switch (String.valueOf(r.get("type"))) {
            case "undefined", "null" -> null;
            case "string", "number", "boolean" -> r.get("value");
            case "array" -> ((List<Object>) r.get("value")).stream().map(FirefoxBiDi::remote).toList();
            case "object" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Object pair : (List<Object>) r.get("value")) {
                    List<Object> kv = (List<Object>) pair;
                    m.put(kv.get(0) instanceof String k ? k : String.valueOf(remote(kv.get(0))), remote(kv.get(1)));
                }
                yield m;
            }
            default -> r;
        };
    }

    /** Ends the session and the browser ({@code browser.close}), then the process by its PID if it still runs. */
    @Override
    public void close() {
        try {
            send("browser.close", Map.of());
        } catch (RuntimeException e) {
            // the process is ended below either way
        } finally {
            try {
                bidi.close();
            } finally {
                firefox.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Firefox ESR " + firefox;
    }
}
