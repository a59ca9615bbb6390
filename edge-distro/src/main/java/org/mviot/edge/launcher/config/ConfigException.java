package org.mviot.edge.launcher.config;

/**
 * A problem with an installer-facing file or option, with a one-line message that names the file
 * and the field and says what was expected. The launcher prints it without a stack trace.
 */
public final class ConfigException extends Exception {

    /**
     * @param message one line naming the file, the field and what was expected
     */
    public ConfigException(String message) {
        super(message);
    }
}
