package org.mviot.edge.timesync.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mviot.edge.testsupport.ComponentConfigs;

/**
 * The time-sync component as the tests start it: configured as DS would, with settings that make a test
 * quick (one poll a second, no system sources), and deactivated after each test. Register it with
 * {@code @RegisterExtension final RunningTimeSync timeSync = new RunningTimeSync(holdover, timeout);}.
 */
final class RunningTimeSync implements AfterEachCallback {

    private final int holdoverSeconds;
    private final int timeoutMillis;
    private final List<TimeSyncComponent> started = new ArrayList<>();

    /**
     * @param holdoverSeconds how long the clock stays synchronized without an answer
     * @param timeoutMillis   how long one NTP exchange may take
     */
    RunningTimeSync(int holdoverSeconds, int timeoutMillis) {
        this.holdoverSeconds = holdoverSeconds;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Starts a component; every component a test starts is deactivated after it.
     *
     * @param servers the NTP servers, {@code host:port}
     * @param more    settings that replace or add to the test defaults
     * @return the running component
     */
    TimeSyncComponent start(List<String> servers, Map<String, Object> more) {
        Map<String, Object> values = new HashMap<>(Map.of("servers", servers.toArray(String[]::new), "poll_interval_s", 1,
                "holdover_s", holdoverSeconds, "timeout_ms", timeoutMillis, "system_sources", false));
        values.putAll(more);
        TimeSyncComponent component = new TimeSyncComponent(ComponentConfigs.of(TimeSyncConfig.class, values));
        started.add(component);
        return component;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(TimeSyncComponent::deactivate);
        started.clear();
    }
}
