package org.mviot.edge.core.internal.shell;

/**
 * A shell command could not do what was asked (no such device, a rejected write): the shell prints
 * the message and {@code mviot-edge shell} exits non-zero.
 */
public final class ShellCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do, one line */
    public ShellCommandException(String message) {
        super(message, null, false, false);
    }
}
