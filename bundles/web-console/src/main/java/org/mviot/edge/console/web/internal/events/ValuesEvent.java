package org.mviot.edge.console.web.internal.events;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.console.web.internal.http.Replies;

import com.google.gson.stream.JsonWriter;

/**
 * One tick's value changes as a single compact {@code values} event:
 * {@code {"at":<tick, epoch ms>,"devices":{"<device>":[["<channel>",<value>,<changed at minus tick at, ms>],
 * ["<channel>",<value>,<offset>,"<quality>"],...]}}} — the quality only when it is not {@code good}; the offset
 * {@code null} when the time is unknown. Why: one event of ~25 bytes per change instead of one ~120-byte
 * {@code value} event per change; on a C1-only JVM the TLS encryption of those bytes was most of a live stream's cost.
 */
public final class ValuesEvent {

    /** The event name on the stream. */
    public static final String NAME = "values";
    private static final String GOOD = "good";

    private record Change(String channel, Object value, Instant at, String quality) {
    }

    private final long at;
    private final Map<String, List<Change>> devices = new LinkedHashMap<>();
    private int size;

    /** @param at the tick's time, epoch milliseconds */
    public ValuesEvent(long at) {
        this.at = at;
    }

    /**
     * Adds a channel's new value.
     *
     * @param device  the device
     * @param channel the channel
     * @param value   its value (a scalar or {@code null})
     * @param changed when it changed, or {@code null}
     * @param quality {@code good}, {@code uncertain} or {@code bad}
     */
    public void add(String device, String channel, Object value, Instant changed, String quality) {
        devices.computeIfAbsent(device, d -> new ArrayList<>()).add(new Change(channel, value, changed, quality));
        size++;
    }

    /** @return changes added */
    public int size() {
        return size;
    }

    /**
     * @param device a device
     * @return changes added for it
     */
    public int size(String device) {
        List<Change> changes = devices.get(device);
        return changes == null ? 0 : changes.size();
    }

    /** @return the event text ({@code event: values\ndata: …\n\n}) of every device */
    public String text() {
        return SseClient.text(NAME, json(null));
    }

    /**
     * @param device the one device to include
     * @return the event text with only that device's changes
     */
    public String text(String device) {
        return SseClient.text(NAME, json(device));
    }

    private String json(String only) {
        StringWriter s = new StringWriter(16 + 32 * size);
        try (JsonWriter w = Replies.GSON.newJsonWriter(s)) {
            w.beginObject().name("at").value(at).name("devices").beginObject();
            for (Map.Entry<String, List<Change>> d : devices.entrySet()) {
                if (only != null && !only.equals(d.getKey())) {
                    continue;
                }
                w.name(d.getKey()).beginArray();
                for (Change c : d.getValue()) {
                    w.beginArray().value(c.channel());
                    if (c.value() == null) {
                        w.nullValue();
                    } else {
                        Replies.GSON.toJson(c.value(), c.value().getClass(), w);
                    }
                    if (c.at() == null) {
                        w.nullValue();
                    } else {
                        w.value(c.at().toEpochMilli() - at);
                    }
                    if (!GOOD.equals(c.quality())) {
                        w.value(c.quality());
                    }
                    w.endArray();
                }
                w.endArray();
            }
            w.endObject().endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return s.toString();
    }
}
