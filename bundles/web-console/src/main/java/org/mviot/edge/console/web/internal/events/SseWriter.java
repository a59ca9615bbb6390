package org.mviot.edge.console.web.internal.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes a server-sent event stream: the headers, then events and heartbeat comments. Each call writes what it is
 * given into the response's buffer and flushes once: one TLS record for a tick's events.
 */
public final class SseWriter {

    /** A comment sent when nothing else was for this long, so proxies and browsers keep the stream open. */
    public static final long HEARTBEAT_MS = 15_000;
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    private final OutputStream out;

    /**
     * Sends the headers.
     *
     * @param resp the response
     * @throws IOException if the client is gone
     */
    public SseWriter(HttpServletResponse resp) throws IOException {
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
    }

    /**
     * @param pieces encoded events ({@link SseClient#next}), written in order and flushed once
     * @throws IOException if the client is gone
     */
    public void write(List<byte[]> pieces) throws IOException {
        for (int i = 0; i < pieces.size(); i++) { // no iterator: C1 (the profiles run without C2) does not elide it
            out.write(pieces.get(i));
        }
        out.flush();
    }

    /** @throws IOException if the client is gone */
    public void heartbeat() throws IOException {
        out.write(HEARTBEAT);
        out.flush();
    }
}
