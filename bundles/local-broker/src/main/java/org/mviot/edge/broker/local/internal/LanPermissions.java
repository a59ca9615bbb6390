package org.mviot.edge.broker.local.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What local clients (the {@code client} login) may do on the local broker: subscribe to the topic
 * filters of {@code lan.read}, publish to those of {@code lan.write}, nothing else. By default they
 * read the gateway's twin updates and its online state ({@code <prefix>/+/twin/#},
 * {@code <prefix>/+/state}) and publish nothing: sending commands must be granted, e.g.
 * {@code lan.write=mviot/+/commands/#} with {@code mviot/+/responses/#} added to {@code lan.read}.
 *
 * @param read  topic filters local clients may subscribe to (a subscription must lie within one)
 * @param write topic filters local clients may publish to
 */
public record LanPermissions(List<String> read, List<String> write) {

    /** Framework property with the provisioned topic prefix ({@code broker.topic.prefix}). */
    static final String TOPIC_PREFIX_PROPERTY = "mviot.broker.topic.prefix";
    /** The cloud link's default topic prefix. */
    static final String DEFAULT_PREFIX = "mviot";
    /** Most filters per setting: each one is checked for every subscription of a client. */
    static final int MAX_FILTERS = 64;
    /** MQTT's limit on a topic's length in UTF-8 bytes. */
    private static final int MAX_FILTER_BYTES = 65_535;

    /** @param read read filters; @param write write filters */
    public LanPermissions {
        read = List.copyOf(read);
        write = List.copyOf(write);
    }

    /**
     * Applies the defaults and checks every filter.
     *
     * @param c         Config Admin values
     * @param framework framework property lookup, for the provisioned topic prefix
     * @return the permissions
     * @throws IllegalArgumentException naming the key and the filter
     */
    public static LanPermissions resolve(BrokerConfig c, Function<String, String> framework) {
        String p = framework.apply(TOPIC_PREFIX_PROPERTY);
        String prefix = p == null || p.isBlank() ? DEFAULT_PREFIX : p.trim();
        List<String> read = c.lan_read() == null || c.lan_read().isBlank() ? List.of(prefix + "/+/twin/#", prefix + "/+/state")
                : filters("lan.read", c.lan_read());
        List<String> write = c.lan_write() == null || c.lan_write().isBlank() ? List.of() : filters("lan.write", c.lan_write());
        return new LanPermissions(read, write);
    }

    private static List<String> filters(String key, String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String f = part.trim();
            if (f.isEmpty()) {
                continue;
            }
            String problem = problem(f);
            if (problem != null) {
                throw new IllegalArgumentException(key + " '" + printable(f) + "' (PID " + LocalBroker.PID + "): " + problem);
            }
            out.add(f);
        }
        if (out.size() > MAX_FILTERS) {
            throw new IllegalArgumentException(key + " (PID " + LocalBroker.PID + ") has " + out.size() + " topic filters: at most " + MAX_FILTERS);
        }
        return out;
    }

    /** @return what is wrong with an MQTT topic filter, or {@code null} when it is valid */
    static String problem(String filter) {
        if (filter.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_FILTER_BYTES) {
            return "longer than MQTT allows (65,535 bytes)";
        }
        if (filter.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            return "contains a control character";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' must be a whole level and the last one";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level";
            }
        }
        return null;
    }

    /** A setting quoted in a log line: control characters escaped, cut at 200 characters. */
    static String printable(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) : s;
        StringBuilder b = new StringBuilder();
        for (char ch : cut.toCharArray()) {
            b.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", (int) ch) : String.valueOf(ch));
        }
        return cut.length() < s.length() ? b + "..." : b.toString();
    }
}
