package org.mviot.edge.core.internal.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text view of {@link GatewayStatus}'s document: a few lines on the gateway and the cloud link,
 * the twin's features one per line (wrapped), then the devices as a table. Reads only the document,
 * so the text and {@code --json} cannot disagree.
 */
final class StatusText {

    /** Width at which a feature's properties wrap onto the next line. */
    static final int WIDTH = 120;

    private StatusText() {
    }

    /**
     * @param doc the status document
     * @return the text
     */
    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> doc) {
        StringBuilder b = new StringBuilder();
        Map<String, Object> g = (Map<String, Object>) doc.get("gateway");
        b.append(line("gateway", g.get("id") + " (" + g.get("thing") + "), version " + g.get("version") + ", profile " + g.get("profile")));
        b.append(line("up", ShellText.duration(((Number) g.get("uptimeSeconds")).longValue()) + " since " + g.get("started")
                + "; clock " + g.get("clockSource") + "; drivers " + String.join(", ", (List<String>) g.get("drivers"))));
        Map<String, Object> l = (Map<String, Object>) doc.get("link");
        if ("none".equals(l.get("state"))) {
            b.append(line("cloud", "no cloud link installed"));
        } else {
            String broker = String.valueOf(l.get("broker"));
            b.append(line("cloud", l.get("state") + (broker.isEmpty() ? "" : " (" + broker + ")") + " since " + l.get("since")
                    + (String.valueOf(l.get("lastError")).isEmpty() ? "" : "; last error: " + l.get("lastError"))));
            long updates = ((Number) l.get("backlogUpdates")).longValue();
            String queue = updates == 0 ? "nothing waiting"
                    : updates + " updates waiting (" + ShellText.bytes(((Number) l.get("backlogBytes")).longValue()) + ")"
                            + (l.get("oldestQueued") == null ? ""
                                    : ", oldest queued " + l.get("oldestQueued") + " ("
                                            + ShellText.duration(((Number) l.get("oldestQueuedAgeSeconds")).longValue()) + " ago)");
            b.append(line("queue", queue + "; " + l.get("dropped") + " dropped"));
        }
        Map<String, Object> local = (Map<String, Object>) doc.get("localBroker");
        if (local != null) {
            b.append(line("local", "MQTT broker " + local.get("uri") + ", logins in " + local.get("credentialsFile")));
        }
        Map<String, Map<String, Object>> features = (Map<String, Map<String, Object>>) doc.get("features");
        if (!features.isEmpty()) {
            b.append('\n');
            int width = features.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
            features.forEach((feature, props) -> b.append(wrapped(feature, width, props)));
        }
        b.append('\n');
        TextTable devices = new TextTable("DEVICE", "DRIVER", "STATE", "SINCE", "LAST VALUE", "REASON");
        for (Map<String, Object> d : (List<Map<String, Object>>) doc.get("devices")) {
            devices.row(d.get("id"), d.get("driver"), d.get("state"), d.get("since"), d.get("lastValue"), d.get("reason"));
        }
        b.append(devices.isEmpty() ? "no devices\n" : devices.toString());
        for (Map<String, Object> i : (List<Map<String, Object>>) doc.get("invalidDescriptors")) {
            b.append("INVALID ").append(i.get("problem")).append('\n');
        }
        return b.toString();
    }

    private static String line(String label, String text) {
        return String.format("%-8s %s%n", label, text);
    }

    /** {@code feature  a=1  b=2 …}, continued on indented lines past {@link #WIDTH} */
    private static String wrapped(String feature, int width, Map<String, Object> props) {
        List<String> parts = new ArrayList<>();
        props.forEach((k, v) -> parts.add(k + "=" + (v == null ? "-" : v)));
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(feature).append(" ".repeat(width - feature.length()));
        boolean first = true;
        for (String p : parts) {
            if (!first && line.length() + 2 + p.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(" ".repeat(width));
                first = true;
            }
            line.append(first ? "" : "  ").append(p);
            first = false;
        }
        return out.append(line).append('\n').toString();
    }
}
