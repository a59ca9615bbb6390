package org.mviot.edge.driver.coap.internal.discovery;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.eclipse.californium.core.WebLink;
import org.eclipse.californium.core.coap.LinkFormat;
import org.eclipse.californium.core.server.resources.ResourceAttributes;

/**
 * Turns a device's {@code /.well-known/core} (RFC 6690 link format, parsed by Californium's
 * {@link LinkFormat}) into a ready device descriptor: one channel per resource, observable resources
 * as event channels, the others polled; resource types, interfaces and titles in the description;
 * SenML and JSON content formats set the channel's {@code format}. The installer then fixes types and
 * names; every value it prints comes from the device and is shortened and cleaned.
 */
public final class Discovery {

    /** Resources turned into channels at most: a device listing thousands is not a descriptor. */
    static final int MAX_CHANNELS = 128;
    private static final int MAX_TEXT = 80;

    private Discovery() {
    }

    /**
     * @param base      the device's base URI ({@code coap://host:port})
     * @param linkFormat the body of its {@code /.well-known/core}
     * @return a device descriptor, pretty-printed JSON
     */
    public static String descriptor(URI base, String linkFormat) {
        JsonObject d = new JsonObject();
        d.addProperty("id", name(base.getHost().replace('.', '-').replace(':', '-'), "coap-device"));
        d.addProperty("driver", "coap");
        d.addProperty("description", "discovered from " + base + "/.well-known/core");
        JsonObject connection = new JsonObject();
        connection.addProperty("uri", base.toString());
        d.add("connection", connection);
        JsonArray channels = new JsonArray();
        Set<String> names = new HashSet<>();
        for (WebLink link : LinkFormat.parse(linkFormat)) {
            String path = link.getURI();
            if (channels.size() >= MAX_CHANNELS || path == null || !path.startsWith("/") || path.startsWith("/.well-known") || path.equals("/")
                    || path.length() > 255 || path.chars().anyMatch(c -> c <= ' ' || c == '#' || c > '~')) {
                continue;
            }
            channels.add(channel(link, path, names));
        }
        d.add("channels", channels);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(d);
    }

    private static JsonObject channel(WebLink link, String path, Set<String> names) {
        ResourceAttributes a = link.getAttributes();
        String base = name(path.substring(1).replace('/', '_'), "resource");
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("type", "string");
        List<String> ct = a.getContentTypes();
        JsonObject address = new JsonObject();
        address.addProperty("path", path);
        if (ct.contains("110") || ct.contains("112")) {
            address.addProperty("format", "senml");
            c.addProperty("type", "double");
        } else if (ct.contains("50")) {
            address.addProperty("format", "json");
        }
        if (a.hasObservable()) {
            c.addProperty("event", true);
        } else {
            c.addProperty("poll", "10s");
        }
        c.add("address", address);
        StringBuilder description = new StringBuilder();
        append(description, "", a.getTitle());
        append(description, "rt=", String.join(" ", a.getResourceTypes()));
        append(description, "if=", String.join(" ", a.getInterfaceDescriptions()));
        if (description.length() > 0) {
            c.addProperty("description", description.toString());
        }
        return c;
    }

    private static void append(StringBuilder b, String prefix, String value) {
        if (value != null && !value.isBlank()) {
            b.append(b.length() > 0 ? "; " : "").append(prefix).append(clean(value));
        }
    }

    /** Printable ASCII without quotes or backslashes, at most {@value #MAX_TEXT} characters. */
    private static String clean(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX_TEXT; i++) {
            char ch = s.charAt(i);
            b.append(ch >= ' ' && ch <= '~' && ch != '"' && ch != '\\' ? ch : '_');
        }
        return b.toString();
    }

    /** A name as descriptors allow ({@code [A-Za-z0-9_.-]+}), at most 64 characters. */
    private static String name(String s, String fallback) {
        String n = s.replaceAll("[^A-Za-z0-9_.-]", "_").toLowerCase(Locale.ROOT);
        n = n.length() > 64 ? n.substring(0, 64) : n;
        return n.isEmpty() || n.chars().allMatch(ch -> ch == '_') ? fallback : n;
    }
}
