package org.mviot.edge.driver.coap.internal;

import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.driver.DriverSettings;
import org.mviot.edge.driver.coap.internal.payload.ChannelCodec;
import org.mviot.edge.driver.coap.internal.payload.JsonPointer;
import org.mviot.edge.driver.coap.internal.payload.PayloadFormat;

/**
 * Where one channel lives on a CoAP device (its {@code address} keys): {@code path} (the resource,
 * with an optional {@code ?query}), {@code method} of a write ({@code put} or {@code post}),
 * {@code observe} (default: whether the channel is an event channel), {@code format}
 * ({@code text}, {@code json}, {@code senml}), {@code pointer} (JSON) and {@code name} (SenML record,
 * default the channel name).
 *
 * @param channel the channel
 * @param path    resource path and query, starting with {@code /}
 * @param write   the method of a write
 * @param observe whether the channel is observed (RFC 7641) instead of polled
 * @param codec   how its value is taken from and put into payloads
 */
record ChannelAddress(ChannelSpec channel, String path, WriteMethod write, boolean observe, ChannelCodec codec) {

    /**
     * @return whether the device pushes this channel's values to the gateway's push server (an event channel not observed)
     */
    boolean pushed() {
        return channel.acquisition() instanceof Acquisition.Event && !observe;
    }

    /** The method a write uses. */
    enum WriteMethod {
        /** CoAP PUT: set the resource. */
        PUT,
        /** CoAP POST: hand the value to the resource (an action). */
        POST
    }

    /** Longest path accepted: a CoAP URI of a constrained device, not a document. */
    private static final int MAX_PATH = 255;

    /**
     * Reads a channel's address, recording problems in {@code s}.
     *
     * @param s  the device's settings reader
     * @param ch   the channel
     * @param push whether the device pushes to the gateway (connection {@code push}): its event channels are then not observed unless {@code observe=true}
     * @return the address (with defaults where a setting was wrong: the caller calls {@code check()})
     */
    static ChannelAddress read(DriverSettings s, ChannelSpec ch, boolean push) {
        DriverSettings.Section a = s.address(ch);
        a.onlyKeys("path", "method", "observe", "format", "pointer", "name");
        boolean event = ch.acquisition() instanceof Acquisition.Event;
        boolean observe = a.flag("observe", event && !push);
        String path = event && !observe && !a.has("path") ? "/" : a.required("path", "the resource path, e.g. /sensors/temp");
        if (path != null && (!path.startsWith("/") || path.length() > MAX_PATH || path.chars().anyMatch(c -> c <= ' ' || c == '#'))) {
            a.problem("path", "expected a path starting with / (an optional ?query), at most " + MAX_PATH
                    + " characters without spaces or #, got " + DriverSettings.quote(path));
            path = null;
        }
        WriteMethod write = a.choice("method", WriteMethod.class, WriteMethod.PUT);
        if (event && !observe && !push) {
            a.problem("observe", "an event channel is observed, or pushed by a device with connection push=true; remove observe=false or poll the channel");
        }
        if (!event && observe) {
            a.problem("observe", "an observed channel is an event channel; make its acquisition event, or remove observe");
        }
        if (observe && !ch.access().readable()) {
            a.problem("observe", "a write-only channel cannot be observed");
        }
        PayloadFormat format = a.choice("format", PayloadFormat.class, PayloadFormat.TEXT);
        JsonPointer pointer = JsonPointer.parse("");
        if (a.has("pointer")) {
            if (format != PayloadFormat.JSON) {
                a.problem("pointer", "a JSON pointer is used only with format json");
            }
            String p = a.string("pointer", "");
            try {
                pointer = JsonPointer.parse(p);
            } catch (IllegalArgumentException e) {
                a.problem("pointer", e.getMessage() + ", got " + DriverSettings.quote(p));
            }
        }
        String name = a.string("name", ch.name());
        if (a.has("name") && format != PayloadFormat.SENML && format != PayloadFormat.SENML_CBOR && !(event && !observe)) {
            a.problem("name", "a SenML record name is used only with format senml or on a pushed channel");
        }
        return new ChannelAddress(ch, path == null ? "/" : path, write, observe, new ChannelCodec(format, ch.type(), pointer, name));
    }
}
