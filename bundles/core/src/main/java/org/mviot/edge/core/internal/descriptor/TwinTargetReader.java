package org.mviot.edge.core.internal.descriptor;

import static org.mviot.edge.core.internal.descriptor.JsonFields.string;
import static org.mviot.edge.core.internal.descriptor.JsonFields.unknownFields;

import java.util.Set;

import org.mviot.edge.core.internal.log.LogSafe;

import com.google.gson.JsonObject;

/** Reads the {@code twin} object of a channel or derived channel: the feature and property path it maps to. */
final class TwinTargetReader {

    /**
     * @param feature the twin feature, default the channel name
     * @param path    the property path in the feature, default {@code value}
     */
    record Target(String feature, String path) {
    }

    private TwinTargetReader() {
    }

    static Target read(ParseContext cx, JsonObject o, String at, String who, String name) {
        String feature = name;
        String path = "value";
        if (o.has("twin")) {
            if (!o.get("twin").isJsonObject()) {
                cx.problem(at + ".twin", who + ": twin is an object {\"feature\": …, \"path\": …}");
            } else {
                JsonObject t = o.getAsJsonObject("twin");
                unknownFields(cx, t, at + ".twin", Set.of("feature", "path"), who + " twin");
                feature = string(cx, t, at + ".twin", "feature", name, false);
                path = string(cx, t, at + ".twin", "path", "value", false);
            }
        }
        if (feature != null && (feature.isEmpty() || feature.contains("/"))) {
            cx.problem(at + ".twin.feature", who + ": feature " + LogSafe.quote(feature) + " must be non-empty and hold no '/'");
        }
        if (path != null && (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//"))) {
            cx.problem(at + ".twin.path", who + ": property path " + LogSafe.quote(path) + " must be segments separated by single '/'");
        }
        return new Target(feature, path);
    }
}
