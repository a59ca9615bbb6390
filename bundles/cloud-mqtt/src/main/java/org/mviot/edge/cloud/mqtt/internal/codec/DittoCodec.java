package org.mviot.edge.cloud.mqtt.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;

/**
 * Turns twin updates into Eclipse Ditto Protocol messages: one {@code merge} twin command per
 * publish, so a Ditto MQTT connection applies it with no payload mapping.
 *
 * <ul>
 * <li>{@link TwinUpdate.Changes}: a merge on {@code /features/<f>/properties/<path>} for a single
 * change, else a merge patch on {@code /features} holding every changed property. Several updates
 * of one thing batched into one publish are folded into one patch, the newest value of a property
 * winning. A {@code null} value (quality BAD) removes the reported property, as JSON merge patch
 * says.</li>
 * <li>{@link TwinUpdate.Definition}: a merge on the thing root: attributes (device, driver, the
 * descriptor's attributes, and under {@code model} each property's channel, type, unit, access and
 * range), and for each feature its Ditto {@code definition}.</li>
 * </ul>
 *
 * Headers: {@code correlation-id}, {@code content-type} (merge patch), {@code timestamp} (newest
 * measurement, ISO-8601), {@code sequence} (the thing's newest update sequence number) and, for a
 * batch, {@code sequence-first} and {@code updates}, so that the cloud can drop duplicates
 * (at-least-once) and see gaps. Every change message carries its timestamps' quality, the weakest
 * of its changes: {@code time-source} ({@code synced}, {@code device}, {@code system-clock}),
 * {@code time-uncertainty-ms} (the largest error bound, -1 when one is unknown) and
 * {@code time-before-first-sync} (whether one was stamped before the gateway clock's first
 * synchronization since start).
 */
public final class DittoCodec {

    /** MQTT content type of Ditto Protocol messages. */
    public static final String CONTENT_TYPE = "application/vnd.eclipse.ditto+json";
    /** Content type Ditto requires on merge commands. */
    public static final String MERGE_PATCH = "application/merge-patch+json";

    /** Header names of the time sources, by ordinal (the header's words are fixed here, not the enum's names). */
    private static final String[] WEAKEST_NAMES = names();

    private DittoCodec() {
    }

    private static String[] names() {
        String[] n = new String[TimeSource.values().length];
        for (TimeSource t : TimeSource.values()) {
            n[t.ordinal()] = switch (t) {
                case SYNCED -> "synced";
                case SYSTEM_CLOCK -> "system-clock";
                case DEVICE -> "device";
            };
        }
        return n;
    }

    /** The less trusted of two sources: the unchecked system clock, then a device's own clock, then the synchronized clock. */
    static TimeSource weaker(TimeSource a, TimeSource b) {
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(TimeSource s) {
        return switch (s) {
            case SYSTEM_CLOCK -> 0;
            case DEVICE -> 1;
            case SYNCED -> 2;
        };
    }

    /**
     * Encodes one or several consecutive change updates of one thing as one merge command.
     *
     * @param batch updates of one thing, oldest first, not empty
     * @return the Ditto Protocol JSON
     */
    public static String changes(List<TwinUpdate.Changes> batch) {
        TwinUpdate.Changes first = batch.get(0);
        TwinUpdate.Changes last = batch.get(batch.size() - 1);
        ThingId thing = first.thing();
        long newest = Long.MIN_VALUE;
        int count = 0;
        PropertyChange only = null;
        TimeSource weakest = TimeSource.SYNCED;
        long uncertainty = 0;
        boolean beforeFirstSync = false;
        for (TwinUpdate.Changes u : batch) {
            for (PropertyChange c : u.changes()) {
                newest = Math.max(newest, c.timestamp());
                only = c;
                count++;
                weakest = weaker(weakest, c.timeSource());
                uncertainty = uncertainty < 0 || c.uncertaintyMillis() < 0 ? -1 : Math.max(uncertainty, c.uncertaintyMillis());
                beforeFirstSync |= c.beforeFirstSync();
            }
        }
        StringBuilder sb = new StringBuilder(128 + 48 * count);
        String correlation = batch.size() == 1 ? thing + "#" + last.sequence()
                : thing + "#" + first.sequence() + "-" + last.sequence();
        envelopeStart(sb, thing, "merge", correlation, newest == Long.MIN_VALUE ? null : newest);
        headerField(sb, "sequence", Long.toString(last.sequence()));
        if (count > 0) {
            headerField(sb, "time-source", WEAKEST_NAMES[weakest.ordinal()]);
            headerField(sb, "time-uncertainty-ms", Long.toString(uncertainty));
            headerField(sb, "time-before-first-sync", beforeFirstSync ? "true" : "false");
        }
        if (batch.size() > 1) {
            headerField(sb, "sequence-first", Long.toString(first.sequence()));
            headerField(sb, "updates", Integer.toString(batch.size()));
        }
        sb.append("},\"path\":");
        if (count == 1) {
            JsonWriter.string(sb, only.pointer());
            sb.append(",\"value\":");
            JsonWriter.value(sb, only.value());
        } else {
            sb.append("\"/features\",\"value\":");
            PropertyChange[] all = new PropertyChange[count];
            boolean nested = false;
            int k = 0;
            for (TwinUpdate.Changes u : batch) {
                for (PropertyChange c : u.changes()) {
                    nested |= c.path().indexOf('/') >= 0;
                    all[k++] = c;
                }
            }
            if (nested) {
                JsonWriter.value(sb, nestedPatch(all));
            } else {
                flatPatch(sb, all);
            }
        }
        sb.append('}');
        return sb.toString();
    }

    /**
     * The patch of changes whose paths have no '/', written straight from the changes: features in
     * the order they first appear, in each feature the properties in the order of their last change,
     * with the last value. That is the order the nested patch ({@link #nestedPatch}) has, without
     * its two maps per feature.
     */
    static void flatPatch(StringBuilder sb, PropertyChange[] all) {
        int n = all.length;
        StringPairSet features = new StringPairSet(n);
        int distinct = 0;
        while (distinct < n && features.add(all[distinct].feature(), "") == distinct) {
            distinct++;
        }
        if (distinct == n) {
            // every change of its own feature (a feature per channel): the changes in order, nothing to fold
            sb.append('{');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                JsonWriter.string(sb, all[i].feature());
                sb.append(":{\"properties\":{");
                JsonWriter.string(sb, all[i].path());
                sb.append(':');
                scalar(sb, all[i].value());
                sb.append("}}");
            }
            sb.append('}');
            return;
        }
        // superseded: a later change of the same property exists (walk from the newest)
        boolean[] superseded = new boolean[n];
        StringPairSet properties = new StringPairSet(n);
        for (int i = n - 1; i >= 0; i--) {
            int before = properties.size();
            superseded[i] = properties.add(all[i].feature(), all[i].path()) < before;
        }
        // the changes of each feature as a list (head, next), features in order of first appearance
        int[] head = new int[n];
        int[] tail = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < distinct; i++) {
            head[i] = i;
            tail[i] = i;
            next[i] = -1;
        }
        for (int i = distinct; i < n; i++) {
            next[i] = -1;
            int before = features.size();
            int g = features.add(all[i].feature(), "");
            if (g == before) {
                head[g] = i;
            } else {
                next[tail[g]] = i;
            }
            tail[g] = i;
        }
        int groups = features.size();
        sb.append('{');
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                sb.append(',');
            }
            JsonWriter.string(sb, all[head[g]].feature());
            sb.append(":{\"properties\":{");
            boolean first = true;
            for (int i = head[g]; i >= 0; i = next[i]) {
                if (superseded[i]) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                JsonWriter.string(sb, all[i].path());
                sb.append(':');
                scalar(sb, all[i].value());
            }
            sb.append("}}");
        }
        sb.append('}');
    }

    /** A property value: the few types changes carry first, anything else as {@link JsonWriter#value} writes it. */
    private static void scalar(StringBuilder sb, Object value) {
        if (value instanceof Long l) {
            sb.append(l.longValue());
        } else if (value instanceof Double || value == null || value instanceof Boolean) {
            JsonWriter.value(sb, value);
        } else if (value instanceof String s) {
            JsonWriter.string(sb, s);
        } else {
            JsonWriter.value(sb, value);
        }
    }

    /** The patch as a tree of maps, for changes with nested paths ({@code alarm/high}). */
    static Map<String, Object> nestedPatch(PropertyChange[] all) {
        Map<String, Object> features = new LinkedHashMap<>();
        for (PropertyChange c : all) {
            @SuppressWarnings("unchecked")
            Map<String, Object> feature = (Map<String, Object>) features.computeIfAbsent(c.feature(), f -> new LinkedHashMap<>());
            put(child(feature, "properties"), c.path(), c.value());
        }
        return features;
    }

    /**
     * Encodes a thing's definition (the device's self-description) as a merge on the thing root.
     *
     * @param d the definition
     * @return the Ditto Protocol JSON
     */
    public static String definition(TwinUpdate.Definition d) {
        StringBuilder sb = new StringBuilder(512);
        envelopeStart(sb, d.thing(), "merge", d.thing() + "#" + d.sequence(), null);
        headerField(sb, "sequence", Long.toString(d.sequence()));
        sb.append("},\"path\":\"/\",\"value\":");
        JsonWriter.value(sb, definitionValue(d));
        sb.append('}');
        return sb.toString();
    }

    /**
     * The merge patch of a thing that a definition describes, also used inside the birth message.
     *
     * @param d the definition
     * @return {@code {"attributes":…,"features":…}}
     */
    public static Map<String, Object> definitionValue(TwinUpdate.Definition d) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("device", d.device());
        attributes.put("driver", d.driver());
        for (Map.Entry<String, String> a : new java.util.TreeMap<>(d.attributes()).entrySet()) {
            put(attributes, a.getKey(), a.getValue());
        }
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Set<String>> definitions = new LinkedHashMap<>();
        for (FeatureDefinition f : d.features()) {
            Map<String, Object> channel = new LinkedHashMap<>();
            channel.put("channel", f.channel());
            channel.put("type", f.type().name().toLowerCase(Locale.ROOT));
            channel.put("unit", f.unit());
            channel.put("access", f.access().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (Double.isFinite(f.range().min())) {
                channel.put("min", f.range().min());
            }
            if (Double.isFinite(f.range().max())) {
                channel.put("max", f.range().max());
            }
            channel.put("derived", f.derived());
            if (!f.description().isEmpty()) {
                channel.put("description", f.description());
            }
            put(child(model, f.feature()), f.path(), channel);
            definitions.computeIfAbsent(f.feature(), k -> new LinkedHashSet<>())
                    .add("org.mviot.edge.driver:" + definitionName(d.driver()) + ":1.0.0");
        }
        attributes.put("model", model);
        Map<String, Object> features = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : definitions.entrySet()) {
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("definition", new ArrayList<>(e.getValue()));
            features.put(e.getKey(), feature);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("attributes", attributes);
        value.put("features", features);
        return value;
    }

    /**
     * Encodes a merge of any patch on a path of a thing; used for the gateway's own twin (birth
     * message, Last Will, link state).
     *
     * @param thing         the thing
     * @param path          JSON pointer, {@code /} for the root
     * @param value         the patch
     * @param correlationId correlation id
     * @return the Ditto Protocol JSON
     */
    public static String merge(ThingId thing, String path, Object value, String correlationId) {
        StringBuilder sb = new StringBuilder(256);
        envelopeStart(sb, thing, "merge", correlationId, System.currentTimeMillis());
        sb.append("},\"path\":");
        JsonWriter.string(sb, path);
        sb.append(",\"value\":");
        JsonWriter.value(sb, value);
        sb.append('}');
        return sb.toString();
    }

    /**
     * @param json Ditto Protocol JSON
     * @return its UTF-8 bytes
     */
    public static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param thing a thing
     * @param group {@code things}
     * @return the first segments of a Ditto topic, {@code namespace/name/things}
     */
    static String topicPrefix(ThingId thing, String group) {
        return thing.namespace() + "/" + thing.name() + "/" + group;
    }

    private static void envelopeStart(StringBuilder sb, ThingId thing, String action, String correlation, Long timestamp) {
        sb.append("{\"topic\":");
        JsonWriter.string(sb, topicPrefix(thing, "things") + "/twin/commands/" + action);
        sb.append(",\"headers\":{\"correlation-id\":");
        JsonWriter.string(sb, correlation);
        sb.append(",\"content-type\":\"").append(MERGE_PATCH).append('"');
        if (timestamp != null) {
            headerField(sb, "timestamp", IsoMillis.format(timestamp));
        }
    }

    private static void headerField(StringBuilder sb, String name, String value) {
        sb.append(",\"").append(name).append("\":");
        JsonWriter.string(sb, value);
    }

    /** Ditto definition ids allow letters, digits, '_', '-' and '.'. */
    private static String definitionName(String driver) {
        String s = driver.replaceAll("[^_a-zA-Z0-9\\-.]", "-");
        return s.isEmpty() ? "unknown" : s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object existing = parent.get(key);
        if (existing instanceof Map) {
            return (Map<String, Object>) existing;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        parent.put(key, m);
        return m;
    }

    /** Puts a value at a '/'-separated path, creating (or replacing scalars by) objects on the way. */
    private static void put(Map<String, Object> root, String path, Object value) {
        Map<String, Object> m = root;
        int start = 0;
        for (int slash; (slash = path.indexOf('/', start)) >= 0; start = slash + 1) {
            if (slash > start) {
                m = child(m, path.substring(start, slash));
            }
        }
        String last = path.substring(start);
        m.remove(last);
        m.put(last, value);
    }

    /**
     * @param changes several updates of one thing
     * @return how many property changes they hold
     */
    public static int changeCount(List<TwinUpdate.Changes> changes) {
        int n = 0;
        for (TwinUpdate.Changes c : changes) {
            n += c.changes().size();
        }
        return n;
    }
}
