package org.mviot.edge.api.driver;

import java.util.Objects;

/**
 * One wrong setting of a device: where it is in the descriptor and what is wrong with it.
 *
 * @param path    the setting's key path in the descriptor, e.g. {@code connection.port} or
 *                {@code channels.speed.address.period}
 * @param message what is wrong and what was expected, quoting the value given (shortened and escaped),
 *                e.g. {@code expected an integer 1..65535, got "abc"}
 */
public record SettingProblem(String path, String message) {

    /**
     * Checks the fields.
     *
     * @param path    key path
     * @param message message
     */
    public SettingProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * @return {@code path: message}
     */
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
