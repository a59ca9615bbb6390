package org.mviot.edge.console.web.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A request's body, read with a bound: a body over the limit is refused with 413 as soon as the limit is passed
 * (by its declared length, unread, or while reading), never buffered whole.
 */
public final class RequestBody {

    /**
     * The most bytes of a refused body read and dropped before the answer ({@link #discard}): a modest body left unread
     * in the socket when the connection closes makes the server's TCP stack reset it, and the client may lose the
     * answer ("header parser received no bytes").
     */
    public static final long DISCARD_MAX = 1 << 20;

    private RequestBody() {
    }

    /**
     * Reads and drops what is left of a refused request's body, at most {@value #DISCARD_MAX} bytes, so that the
     * connection closes after the answer without unread bytes; a body declared larger is left unread (the connection
     * closes with it).
     *
     * @param req the refused request
     * @return the bytes dropped
     */
    public static long discard(HttpServletRequest req) {
        if (req.getContentLengthLong() > DISCARD_MAX) {
            return 0;
        }
        long dropped = 0;
        try {
            InputStream in = req.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while (dropped < DISCARD_MAX && (n = in.read(buf, 0, (int) Math.min(buf.length, DISCARD_MAX - dropped))) > 0) {
                dropped += n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the handler read the body as text: nothing more to drop
        }
        return dropped;
    }

    /**
     * @param req the request
     * @param max the most bytes accepted
     * @return the body
     * @throws ApiException 413 when it is larger
     * @throws IOException  if the client is gone
     */
    public static byte[] bytes(HttpServletRequest req, long max) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared, max);
        }
        // not closed here: the rest of a refused body may still be read and dropped (discard)
        InputStream in = req.getInputStream();
        byte[] b = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        if (b.length > max) {
            throw tooLarge(-1, max);
        }
        return b;
    }

    /**
     * @param req the request
     * @param max the most bytes accepted
     * @return the body as strict UTF-8 text
     * @throws ApiException 413 when larger, 400 when not UTF-8
     * @throws IOException  if the client is gone
     */
    public static String text(HttpServletRequest req, long max) throws IOException {
        byte[] b = bytes(req, max);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "the request body is not UTF-8 text");
        }
    }

    /**
     * @param req the request
     * @param max the most bytes accepted
     * @return the body as a JSON object
     * @throws ApiException 413 when larger, 400 naming the problem when it is not one JSON object
     * @throws IOException  if the client is gone
     */
    public static JsonObject object(HttpServletRequest req, long max) throws IOException {
        JsonElement e = json(text(req, max));
        if (!e.isJsonObject()) {
            throw new ApiException(400, "malformed JSON: expected an object {...}");
        }
        return e.getAsJsonObject();
    }

    /**
     * @param text JSON text
     * @return the document, strictly parsed (one value, nothing after it)
     * @throws ApiException 400 naming the problem
     */
    public static JsonElement json(String text) {
        try {
            JsonReader r = new JsonReader(new java.io.StringReader(text));
            r.setStrictness(com.google.gson.Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(r);
            if (r.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new ApiException(400, "malformed JSON: more after the document's end");
            }
            return e;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ApiException(400, "malformed JSON: " + cut(root.getMessage()));
        }
    }

    private static String cut(String m) {
        String s = m == null ? "unreadable" : m.replaceAll("\\p{Cntrl}", " ");
        // Gson's advice to parse leniently is not for the API's users
        s = s.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "not JSON").trim();
        int see = s.indexOf("\nSee ");
        s = see > 0 ? s.substring(0, see) : s;
        int url = s.indexOf(" See https://");
        s = url > 0 ? s.substring(0, url) : s;
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static ApiException tooLarge(long size, long max) {
        return new ApiException(413, "the request body " + (size >= 0 ? "has " + size + " bytes, " : "is ") + "over the limit of " + max + " bytes");
    }
}
