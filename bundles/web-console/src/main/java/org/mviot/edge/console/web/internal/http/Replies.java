package org.mviot.edge.console.web.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes the API's answers: JSON (times as ISO-8601 text, nulls kept so the shape is fixed), with the headers every
 * answer of the console carries.
 */
public final class Replies {

    /** The one JSON mapping of the API. */
    public static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .registerTypeAdapter(Instant.class, new TypeAdapter<Instant>() {
                @Override
                public void write(JsonWriter out, Instant value) throws IOException {
                    if (value == null) {
                        out.nullValue();
                    } else {
                        out.value(value.toString());
                    }
                }

                @Override
                public Instant read(JsonReader in) {
                    throw new UnsupportedOperationException("times are not read");
                }
            }).create();

    private Replies() {
    }

    /**
     * The headers of every answer: no sniffing, no framing, scripts and styles only from the console itself.
     *
     * @param resp the response
     */
    public static void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Strict-Transport-Security", "max-age=31536000");
    }

    /**
     * @param resp   the response
     * @param status HTTP status
     * @param body   what to send as JSON
     * @throws IOException if the client is gone
     */
    public static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }

    /**
     * @param resp    the response
     * @param status  HTTP status
     * @param message what went wrong
     * @throws IOException if the client is gone
     */
    public static void error(HttpServletResponse resp, int status, String message) throws IOException {
        json(resp, status, Map.of("error", message));
    }
}
