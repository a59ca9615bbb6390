package org.mviot.edge.api.twin;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id of a twin (a thing) in the form {@code namespace:name}, as Eclipse Ditto uses it.
 *
 * @param namespace reverse-domain namespace ({@code org.example.plant}), letters, digits, '.', '_', '-'
 * @param name      name within the namespace, no '/' and no whitespace
 */
public record ThingId(String namespace, String name) {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*(\\.[A-Za-z_][A-Za-z0-9_\\-]*)*");
    private static final Pattern NAME = Pattern.compile("[^\\s/]+");

    /**
     * Checks both parts.
     *
     * @param namespace namespace
     * @param name      name
     */
    public ThingId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("thing namespace '" + namespace + "' is not a reverse-domain name like org.example.plant");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("thing name '" + name + "' must be non-empty without '/' or whitespace");
        }
    }

    /**
     * @param text {@code namespace:name}
     * @return the id
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static ThingId parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("thing id '" + text + "' must be namespace:name");
        }
        return new ThingId(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * @return {@code namespace:name}
     */
    @Override
    public String toString() {
        return namespace + ":" + name;
    }
}
