package org.mviot.edge.driver.coap.internal.payload;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * One payload received from a device, decoded at most once per form however many channels read it
 * (a SenML pack filling five channels is parsed once). Not thread-safe: one response, one thread.
 */
public final class Payload {

    private final byte[] bytes;
    private final long receivedMillis;
    private String text;
    private JsonElement json;
    private SenmlPack senml;
    private SenmlPack senmlCbor;
    private MalformedPayloadException failure;

    /**
     * @param bytes          the payload as received (already bounded by the endpoint's body size limit)
     * @param receivedMillis when it arrived, the base of SenML relative times
     */
    public Payload(byte[] bytes, long receivedMillis) {
        this.bytes = bytes;
        this.receivedMillis = receivedMillis;
    }

    /**
     * @return the payload as strict UTF-8 text
     * @throws MalformedPayloadException when it is not UTF-8
     */
    public String text() throws MalformedPayloadException {
        if (text == null) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new MalformedPayloadException("payload of " + bytes.length + " bytes is not UTF-8 text");
            }
        }
        return text;
    }

    /**
     * @return the payload as one strict JSON document (RFC 8259: no comments, no unquoted names, nothing after it)
     * @throws MalformedPayloadException when it is not
     */
    public JsonElement json() throws MalformedPayloadException {
        if (failure != null) {
            throw failure;
        }
        if (json == null) {
            String t = text();
            try {
                JsonReader r = new JsonReader(new StringReader(t));
                r.setStrictness(Strictness.STRICT);
                JsonElement e = JsonParser.parseReader(r);
                if (r.peek() != JsonToken.END_DOCUMENT) {
                    throw new JsonParseException("data after the JSON document");
                }
                json = e;
            } catch (JsonParseException | IOException | IllegalStateException | StackOverflowError e) {
                // Gson's messages quote the input only with a position ("at line 1 column 7 path $"), never the text
                failure = new MalformedPayloadException("payload is not JSON: " + firstLine(e));
                throw failure;
            }
        }
        return json;
    }

    /**
     * @return the payload as a SenML JSON pack
     * @throws MalformedPayloadException when it is not one
     */
    public SenmlPack senml() throws MalformedPayloadException {
        if (senml == null) {
            senml = SenmlPack.of(json(), receivedMillis);
        }
        return senml;
    }

    /**
     * @return the payload as a SenML CBOR pack
     * @throws MalformedPayloadException when it is not one
     */
    public SenmlPack senmlCbor() throws MalformedPayloadException {
        if (senmlCbor == null) {
            senmlCbor = SenmlPack.of(SenmlCbor.toJson(bytes), receivedMillis);
        }
        return senmlCbor;
    }

    /**
     * @return its size in bytes
     */
    public int size() {
        return bytes.length;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
