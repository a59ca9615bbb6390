package org.mviot.edge.core.internal.shell;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.mviot.edge.api.launch.FrameworkProperties;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.twin.LinkStatus;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.pipeline.ChannelPipeline;
import org.mviot.edge.core.internal.registry.GatewayView;

/**
 * What {@code mviot-edge status} shows, as one document with stable field names (the JSON of
 * {@code status --json}; the text view renders the same document): the gateway, its twin's
 * features, the cloud link and every device. Everything comes from the running gateway's memory, so
 * it answers with no broker and with the cloud unreachable.
 *
 * <pre>
 * gateway:  id, thing, version, profile, started, uptimeSeconds, clockSource, drivers[]
 * features: { feature: { property: value } }   every gateway-twin feature: the core's own (last report)
 *                                              and those other bundles contribute (read now)
 * link:     state (connected|connecting|offline|none), broker, since, lastError, backlogUpdates,
 *           backlogBytes, oldestQueued, oldestQueuedAgeSeconds, dropped
 * localBroker: uri, credentialsFile   (null when the profile runs none; never the password: the
 *           launcher's {@code mviot-edge status} adds the login when its caller can read the file)
 * devices[]: id, driver, state, reason, since, lastValue
 * invalidDescriptors[]: origin, problem
 * </pre>
 *
 * Times are ISO-8601 UTC to the millisecond; absent ones are {@code null}.
 */
public final class GatewayStatus {

    /** Framework property the launcher sets: the distribution's version. */
    static final String VERSION_PROPERTY = "mviot.version";
    /** Framework property the launcher sets: the hardware profile the gateway runs. */
    static final String PROFILE_PROPERTY = "mviot.profile";

    private GatewayStatus() {
    }

    /**
     * @param view       the running core
     * @param properties framework properties
     * @param now        the time now
     * @return the status document
     */
    public static Map<String, Object> of(GatewayView view, Function<String, String> properties, Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("gateway", gateway(view, properties, now));
        doc.put("features", features(view.gateway().features()));
        doc.put("link", link(view.gateway().link().orElse(null), now));
        doc.put("localBroker", localBroker(properties));
        List<Map<String, Object>> devices = new ArrayList<>();
        for (DeviceHandler h : view.registry().devices()) {
            devices.add(device(h));
        }
        doc.put("devices", devices);
        List<Map<String, Object>> invalid = new ArrayList<>();
        view.registry().invalid().forEach((origin, problems) -> problems.forEach(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("origin", origin);
            m.put("problem", p.toString());
            invalid.add(m);
        }));
        doc.put("invalidDescriptors", invalid);
        return doc;
    }

    private static Map<String, Object> gateway(GatewayView view, Function<String, String> properties, Instant now) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", view.gateway().thing().name());
        g.put("thing", view.gateway().thing().toString());
        g.put("version", orUnknown(properties.apply(VERSION_PROPERTY)));
        g.put("profile", orUnknown(properties.apply(PROFILE_PROPERTY)));
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        g.put("started", ShellText.time(started));
        g.put("uptimeSeconds", Math.max(0, Duration.between(started, now).toSeconds()));
        g.put("clockSource", view.gateway().clockSource().name().toLowerCase(Locale.ROOT));
        g.put("drivers", view.registry().drivers());
        return g;
    }

    private static Map<String, Object> localBroker(Function<String, String> properties) {
        String uri = properties.apply(FrameworkProperties.LOCAL_BROKER_URI);
        if (uri == null || uri.isBlank()) {
            return null;
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("uri", uri);
        b.put("credentialsFile", properties.apply(FrameworkProperties.LOCAL_BROKER_CREDENTIALS));
        return b;
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }

    /** feature/property keys grouped by feature, values as reported (non-finite numbers as null: JSON has none) */
    private static Map<String, Map<String, Object>> features(Map<String, Object> flat) {
        // sorted: the twin's report is an unordered map, and a screen that reorders itself is hard to read
        Map<String, Map<String, Object>> byFeature = new java.util.TreeMap<>();
        new java.util.TreeMap<>(flat).forEach((key, value) -> {
            int slash = key.indexOf('/');
            String feature = slash < 0 ? key : key.substring(0, slash);
            String property = slash < 0 ? "value" : key.substring(slash + 1);
            byFeature.computeIfAbsent(feature, f -> new java.util.TreeMap<>())
                    .put(property, value instanceof Double d && !Double.isFinite(d) ? null : value);
        });
        return byFeature;
    }

    private static Map<String, Object> link(LinkStatus s, Instant now) {
        Map<String, Object> l = new LinkedHashMap<>();
        if (s == null) {
            l.put("state", "none");
            return l;
        }
        l.put("state", s.state().twinName());
        l.put("broker", s.broker());
        l.put("since", ShellText.time(s.since()));
        l.put("lastError", s.lastError());
        l.put("backlogUpdates", s.backlog());
        l.put("backlogBytes", s.backlogBytes());
        l.put("oldestQueued", ShellText.time(s.oldestQueued()));
        l.put("oldestQueuedAgeSeconds", s.oldestQueued() == null ? null : Math.max(0, Duration.between(s.oldestQueued(), now).toSeconds()));
        l.put("dropped", s.dropped());
        return l;
    }

    private static Map<String, Object> device(DeviceHandler h) {
        Map<String, Object> d = new LinkedHashMap<>();
        var s = h.status();
        d.put("id", h.config().id());
        d.put("driver", h.config().descriptor().driver());
        d.put("state", s.state().name().toLowerCase(Locale.ROOT));
        d.put("reason", s.reason());
        d.put("since", ShellText.time(s.since()));
        long last = 0;
        for (ChannelPipeline c : h.pipeline().channels()) {
            if (c.latestQuality() != null && c.latestQuality() != Quality.BAD) {
                last = Math.max(last, c.latestTimestamp());
            }
        }
        d.put("lastValue", ShellText.time(last));
        return d;
    }
}
