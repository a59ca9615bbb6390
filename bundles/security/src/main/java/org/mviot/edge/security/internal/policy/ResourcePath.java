package org.mviot.edge.security.internal.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A Ditto policy resource split into segments: the type with its colon ({@code thing:},
 * {@code message:}) first, then the path's segments; empty segments are dropped, so
 * {@code thing:/} is the type alone and {@code thing:/features//relay} is {@code thing:/features/relay}.
 */
final class ResourcePath {

    /** The resource types a gateway command can touch. */
    static final List<String> TYPES = List.of("thing", "message");

    private ResourcePath() {
    }

    /**
     * @param resource e.g. {@code thing:/features/relay/desiredProperties/on}
     * @return its segments, e.g. {@code [thing:, features, relay, desiredProperties, on]}, or
     *         {@code null} when it is not {@code <type>:/<path>}
     */
    static String[] split(String resource) {
        int colon = resource.indexOf(':');
        if (colon <= 0 || colon + 1 >= resource.length() || resource.charAt(colon + 1) != '/') {
            return null;
        }
        List<String> segments = new ArrayList<>();
        segments.add(resource.substring(0, colon + 1));
        int start = colon + 2;
        for (int i = start; i <= resource.length(); i++) {
            if (i == resource.length() || resource.charAt(i) == '/') {
                if (i > start) {
                    segments.add(resource.substring(start, i));
                }
                start = i + 1;
            }
        }
        return segments.toArray(new String[0]);
    }
}
