package org.mviot.edge.launcher;

import java.util.Map;

/**
 * Configures the gateway's one log (SLF4J with its simple binding, on standard error) before
 * anything logs: with timestamps on a terminal, without them under systemd, whose journal stamps
 * every line itself. Any {@code -Dorg.slf4j.simpleLogger.*} given on the command line wins.
 */
final class LogSetup {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LogSetup() {
    }

    static void configure(Map<String, String> env) {
        boolean journal = env.containsKey("JOURNAL_STREAM") || env.containsKey("INVOCATION_ID");
        setDefault("defaultLogLevel", env.getOrDefault("MVIOT_LOG_LEVEL", "info"));
        setDefault("showDateTime", Boolean.toString(!journal));
        setDefault("dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setDefault("showThreadName", "false");
        setDefault("showShortLogName", "false");
        setDefault("levelInBrackets", "false");
        // keep the real stderr: Gogo swaps System.err per thread while a shell command runs
        setDefault("cacheOutputStream", "true");
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
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
