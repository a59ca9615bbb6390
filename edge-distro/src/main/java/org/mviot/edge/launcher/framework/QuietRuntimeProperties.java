package org.mviot.edge.launcher.framework;

import java.util.Map;

/**
 * Framework properties that keep the OSGi runtime's own bundles from holding threads and waking up
 * with nothing to do (an idle gateway: no devices, connected to a broker; see the idle row of
 * {@code edge-distro/bench/footprint.py}).
 */
final class QuietRuntimeProperties {

    /** Event Admin settings read from framework properties (Config Admin PID {@code org.apache.felix.eventadmin.impl.EventAdmin} wins). */
    static final String EVENT_ADMIN_IGNORED_TOPICS = "org.apache.felix.eventadmin.IgnoreTopic";

    private QuietRuntimeProperties() {
    }

    /**
     * Adds the properties.
     *
     * @param p the framework properties being built
     */
    static void addTo(Map<String, Object> p) {
        // FileInstall without NIO2: no WatchService, whose JDK poller thread ("FileSystemWatchService") was one more
        // thread; FileInstall's own thread wakes every poll either way and then lists deploy/ (a handful of files).
        // Every 2 s (FileInstall's default; it was 500 ms): a file dropped into deploy/ takes effect within 2 s.
        p.put("felix.fileinstall.disableNio2", "true");
        p.put("felix.fileinstall.poll", "2000");
        // Event Admin's smallest pool (its default of 20 left 10 idle threads after start)
        p.put("org.apache.felix.eventadmin.ThreadPoolSize", "2");
        // ... and no pool thread at all until a bundle posts an event: Event Admin turns every framework, bundle,
        // service and log event into an event of its own, and Gogo posts one for every shell command, each posted to
        // the pool even when no handler listens; no bundle of the distribution handles one. A deployed bundle that
        // wants them sets IgnoreTopic empty in deploy/org.apache.felix.eventadmin.impl.EventAdmin.cfg.
        // "a/b*" is Felix's form for a/b and below ("a/b/*" would become a/b//, matching nothing)
        p.put(EVENT_ADMIN_IGNORED_TOPICS, "org/osgi/framework*,org/osgi/service/log*,org/apache/felix/service/command*");
    }
}
