package org.mviot.edge.launcher;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * Configures the gateway's one log (SLF4J with its simple binding, on standard error) before
 * anything logs: with timestamps on a terminal, without them under systemd, whose journal stamps
 * every line itself. Any {@code -Dorg.slf4j.simpleLogger.*} given on the command line wins.
 */
final class LogSetup {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LogSetup() {
    }

    /** The levels {@code MVIOT_LOG_LEVEL} takes (SLF4J simple's names). */
    static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    /**
     * @param env the environment
     * @throws ConfigException when {@code MVIOT_LOG_LEVEL} names no level (a typo must not silently log at INFO)
     */
    static void configure(Map<String, String> env) throws ConfigException {
        boolean journal = env.containsKey("JOURNAL_STREAM") || env.containsKey("INVOCATION_ID");
        setDefault("defaultLogLevel", level(env.get("MVIOT_LOG_LEVEL")));
        setDefault("showDateTime", Boolean.toString(!journal));
        setDefault("dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setDefault("showThreadName", "false");
        // the class's simple name (DeviceHandler, MqttLink) or the bundle's last name segment: lines stay short
        setDefault("showShortLogName", "true");
        setDefault("levelInBrackets", "false");
        // keep the real stderr: Gogo swaps System.err per thread while a shell command runs
        setDefault("cacheOutputStream", "true");
        // the web console's last log lines: the cached stream is the real stderr with a ring beside it
        if (!(System.err instanceof org.mviot.edge.launcher.console.LogRing.Tee)) {
            System.setErr(org.mviot.edge.launcher.console.LogRing.INSTANCE.tee(System.err));
        }
        // the local broker (HiveMQ CE) tells a dozen start-up steps at INFO; the bundle logs one line
        // for them. Its warnings and errors still show; -Dorg.slf4j.simpleLogger.log.com.hivemq=info
        // brings the rest back.
        setDefault("log.com.hivemq", "warn");
        setDefault("log.migrations", "warn");
        // Pi4J (embedded in the GPIO driver) tells its context start at INFO, and its board detection
        // logs ERRORs wherever /proc/device-tree/model is missing (every non-Pi machine, so the sim
        // profile with the mock provider): the GPIO driver compares the detected board with the
        // profile and reports a disagreement itself. -Dorg.slf4j.simpleLogger.log.com.pi4j=info brings them back.
        setDefault("log.com.pi4j", "warn");
        setDefault("log.com.pi4j.boardinfo", "off");
        // Jetty (the web console's server, inside Felix HTTP) tells its version, TLS set-up and connectors at INFO;
        // Felix HTTP's one line 'Started Jetty … at port(s) HTTPS:8443' says it all. -D…log.org.eclipse.jetty=info brings them back.
        setDefault("log.org.eclipse.jetty", "warn");
    }

    static String level(String given) throws ConfigException {
        if (given == null || given.isBlank()) {
            return "info";
        }
        String l = given.strip().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(l)) {
            String shown = given.length() > 40 ? given.substring(0, 40) + "…" : given;
            throw new ConfigException("MVIOT_LOG_LEVEL is '" + shown.replaceAll("\\p{Cntrl}", "?") + "': expected one of "
                    + String.join(", ", LEVELS));
        }
        return l;
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
