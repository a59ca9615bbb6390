package org.mviot.edge.it.console;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.mviot.edge.testsupport.Await;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * A script's client of the web console's API: the JDK's {@link HttpClient} trusting exactly the gateway's certificate
 * (read from its {@code conf/console/console.p12}, not trust-all), the session cookie and CSRF token it logged in with.
 */
final class ConsoleClient {

    /** An answer. */
    record Reply(int status, String body, HttpResponse<String> response) {
        JsonElement json() {
            return JsonParser.parseString(body);
        }

        String error() {
            return json().getAsJsonObject().get("error").getAsString();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http;
    private final String base;
    private final Certificate certificate;
    private String cookie;
    private String csrf;

    ConsoleClient(Path conf, int port) throws Exception {
        Path dir = conf.resolve("console");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("console.p12"))) {
            store.load(in, Files.readString(dir.resolve("console.p12.password")).strip().toCharArray());
        }
        certificate = store.getCertificate(Collections.list(store.aliases()).get(0));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        base = "https://127.0.0.1:" + port;
    }

    /**
     * Waits until the console answers its page and its API: the web console is a feature that starts after
     * {@code mviot-edge ready}, so its port opens (and its servlets register) a moment later.
     *
     * @return this client
     */
    ConsoleClient awaitServing() {
        Await.until("the web console answering " + base + "/index.html and /api/v1/overview",
                () -> answers("/index.html") && answers("/api/v1/overview"));
        return this;
    }

    private boolean answers(String path) {
        try {
            return get(path).status() != 404;
        } catch (java.io.IOException e) {
            return false; // not listening yet
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the pinned certificate's SHA-256, as the gateway prints it */
    String fingerprint() throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    Reply login(String password) throws Exception {
        Reply r = send("POST", "/api/v1/session", "{\"password\":" + new com.google.gson.Gson().toJson(password) + "}", Map.of());
        if (r.status() == 200) {
            String set = r.header("Set-Cookie");
            cookie = set.substring(0, set.indexOf(';'));
            csrf = r.json().getAsJsonObject().get("csrf").getAsString();
        }
        return r;
    }

    void forgetCsrf() {
        csrf = null;
    }

    void restoreCsrf(String token) {
        csrf = token;
    }

    String csrf() {
        return csrf;
    }

    Reply get(String path) throws Exception {
        return send("GET", path, (String) null, Map.of());
    }

    Reply send(String method, String path, String body, Map<String, String> headers) throws Exception {
        return send(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body), headers);
    }

    Reply send(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = request(path).method(method, body);
        if (csrf != null && !method.equals("GET")) {
            b.header("X-CSRF-Token", csrf);
        }
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body(), r);
    }

    /** An open event stream: its lines as they come. */
    final class Stream2 implements AutoCloseable {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final java.util.concurrent.CompletableFuture<HttpResponse<Stream<String>>> response;
        private volatile Stream<String> open;
        private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        Stream2(String path) {
            response = http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(r -> {
                open = r.body();
                Thread t = new Thread(() -> {
                    try {
                        r.body().forEach(lines::add);
                        ended.countDown();
                    } catch (RuntimeException closed) {
                        // the test closed the stream
                    }
                }, "console-stream");
                t.setDaemon(true);
                t.start();
            });
        }

        int status() throws Exception {
            return response.get(30, TimeUnit.SECONDS).statusCode();
        }

        /** @return the first line matching, within the timeout */
        String await(String regex, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() < deadline) {
                String l = lines.poll(200, TimeUnit.MILLISECONDS);
                if (l != null) {
                    if (l.matches(regex)) {
                        return l;
                    }
                    if (seen.length() < 4000) {
                        seen.append(l).append('\n');
                    }
                }
            }
            throw new AssertionError("no line matching " + regex + " within " + timeout + "; saw:\n" + seen);
        }

        /** Waits until the server ends the stream. */
        void awaitEnd(Duration timeout) throws InterruptedException {
            if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the server did not end the stream within " + timeout);
            }
        }

        @Override
        public void close() {
            if (open != null) {
                open.close();
            }
            response.cancel(true);
        }
    }

    Stream2 stream(String path) {
        return new Stream2(path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }
}
