package org.mviot.edge.api.device;

/** Whether a channel can be read, written, or both. */
public enum Access {
    /** Read only: a sensor. */
    READ,
    /** Write only: an actuator whose state cannot be read back. */
    WRITE,
    /** Read and write: a setpoint, a relay that reports its state. */
    READ_WRITE;

    /**
     * @return whether the channel can be read
     */
    public boolean readable() {
        return this != WRITE;
    }

    /**
     * @return whether the channel can be written
     */
    public boolean writable() {
        return this != READ;
    }

    /**
     * Finds an access mode by its name in descriptors ({@code read}, {@code write}, {@code read_write} or {@code readwrite}).
     *
     * @param name the name, any case
     * @return the access mode, or {@code null} when none has that name
     */
    public static Access byName(String name) {
        String n = name.replace("-", "_");
        for (Access a : values()) {
            if (a.name().equalsIgnoreCase(n) || a.name().replace("_", "").equalsIgnoreCase(n)) {
                return a;
            }
        }
        return null;
    }
}
