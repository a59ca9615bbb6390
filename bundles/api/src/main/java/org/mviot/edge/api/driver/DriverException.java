package org.mviot.edge.api.driver;

/**
 * A driver call failed for a reason the driver can name (device unreachable, register refused,
 * value not accepted). The message names the device and channel and, where it helps, what to do.
 */
public class DriverException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the device and channel
     */
    public DriverException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the device and channel
     * @param cause   the underlying failure
     */
    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
