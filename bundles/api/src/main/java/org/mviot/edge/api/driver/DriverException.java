package org.mviot.edge.api.driver;

import java.util.List;

/**
 * A driver call failed for a reason the driver can name (device unreachable, register refused,
 * value not accepted). The message names the device and channel and, where it helps, what to do.
 * When a device's settings are wrong, the exception also carries every {@link SettingProblem}, so
 * the core and tools can show each one at its key path.
 */
public class DriverException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Not serialized with the exception: the message keeps their text. */
    private final transient List<SettingProblem> problems;

    /**
     * @param message what failed, naming the device and channel
     */
    public DriverException(String message) {
        super(message);
        this.problems = List.of();
    }

    /**
     * @param message what failed, naming the device and channel
     * @param cause   the underlying failure
     */
    public DriverException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    /**
     * Wrong settings of a device.
     *
     * @param device   the device id
     * @param problems every wrong setting, at least one
     */
    public DriverException(String device, List<SettingProblem> problems) {
        super(summary(device, problems));
        this.problems = List.copyOf(problems);
    }

    private static String summary(String device, List<SettingProblem> problems) {
        StringBuilder b = new StringBuilder("device '").append(device).append("': ");
        b.append(problems.size() == 1 ? "1 wrong setting: " : problems.size() + " wrong settings: ");
        for (int i = 0; i < problems.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        return b.toString();
    }

    /**
     * @return the wrong settings, each at its key path; empty when the failure is not about settings
     */
    public List<SettingProblem> problems() {
        return problems == null ? List.of() : problems;
    }
}
