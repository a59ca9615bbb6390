package org.mviot.edge.launcher;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * No gateway runs on the data directory a command was pointed at ({@code status}, {@code shell}):
 * exit code {@value Main#EXIT_NOT_RUNNING}, so a script tells "not running" from "invalid input".
 */
final class GatewayNotRunningException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what was looked for and what to do */
    GatewayNotRunningException(String message) {
        super(message);
    }

    /** @return the same message as a configuration problem, for callers that only know those */
    ConfigException asConfigException() {
        return new ConfigException(getMessage());
    }
}
