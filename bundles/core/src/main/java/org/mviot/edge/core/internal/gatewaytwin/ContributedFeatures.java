package org.mviot.edge.core.internal.gatewaytwin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.core.internal.log.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GatewayFeature}s other bundles contribute to the gateway twin, read with the bounds
 * the API promises: a bad id, a feature that throws, too many properties or long text never stop
 * the gateway report, and each such problem is logged once per feature.
 */
final class ContributedFeatures {

    private static final Logger LOG = LoggerFactory.getLogger(ContributedFeatures.class);
    private static final Pattern ID = Pattern.compile(GatewayFeature.ID_PATTERN);
    private static final Pattern PROPERTY = Pattern.compile("[a-z][a-zA-Z0-9.-]{0,63}");

    private final Set<String> reserved;
    private final List<GatewayFeature> features = new CopyOnWriteArrayList<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** @param reserved the core's own feature ids, which no contribution may take */
    ContributedFeatures(Set<String> reserved) {
        this.reserved = Set.copyOf(reserved);
    }

    void add(GatewayFeature f) {
        features.add(f);
    }

    void remove(GatewayFeature f) {
        features.remove(f);
    }

    /** @return every contributed property as {@code feature/property}, bounded and in a stable order */
    Map<String, Object> read() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (GatewayFeature f : features) {
            String id;
            Map<String, Object> props;
            try {
                id = f.featureId();
                if (id == null || !ID.matcher(id).matches() || reserved.contains(id)) {
                    warnOnce(f, "has an id the gateway twin does not take: " + LogSafe.quote(String.valueOf(id)));
                    continue;
                }
                props = f.properties();
            } catch (RuntimeException e) {
                warnOnce(f, "failed: " + e);
                continue;
            }
            if (props == null) {
                continue;
            }
            int taken = 0;
            for (Map.Entry<String, Object> e : props.entrySet()) {
                if (e.getKey() == null || !PROPERTY.matcher(e.getKey()).matches() || e.getValue() == null) {
                    warnOnce(f, "has a property the gateway twin does not take: " + LogSafe.quote(String.valueOf(e.getKey())));
                    continue;
                }
                if (++taken > GatewayFeature.MAX_PROPERTIES) {
                    warnOnce(f, "has more than " + GatewayFeature.MAX_PROPERTIES + " properties; the rest are left out");
                    break;
                }
                out.put(id + "/" + e.getKey(), value(e.getValue()));
            }
        }
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        String s = v.toString();
        return s.length() <= GatewayFeature.MAX_TEXT ? s : s.substring(0, GatewayFeature.MAX_TEXT);
    }

    private void warnOnce(GatewayFeature f, String problem) {
        String who = f.getClass().getName();
        if (warned.add(who + problem)) {
            LOG.warn("gateway twin feature from {} {}", who, problem);
        }
    }
}
