package org.mviot.edge.console.web.internal.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** Writes a server-sent event stream: the headers, then events and heartbeat comments, each flushed at once. */
public final class SseWriter {

    /** A comment sent when nothing else was for this long, so proxies and browsers keep the stream open. */
    public static final long HEARTBEAT_MS = 15_000;
    private final OutputStream out;
    private final HttpServletResponse resp;

    /**
     * Sends the headers.
     *
     * @param resp the response
     * @throws IOException if the client is gone
     */
    public SseWriter(HttpServletResponse resp) throws IOException {
        this.resp = resp;
        resp.setStatus(200);
        resp.setContentType("text/event-stream;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        out = resp.getOutputStream();
        write("retry: 3000\n\n");
    }

    /**
     * @param text ready event text ({@code event: …\ndata: …\n\n}) or a comment
     * @throws IOException if the client is gone
     */
    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        resp.flushBuffer();
    }

    /** @throws IOException if the client is gone */
    public void heartbeat() throws IOException {
        write(": heartbeat\n\n");
    }
}
