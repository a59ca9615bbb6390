package org.mviot.edge.cloud.mqtt.internal.queue;

import java.util.Locale;

/** Whether the queue can keep what it is given, as the gateway twin and {@code status} show it. */
public enum QueueStatus {
    /** Records are kept on disk. */
    OK,
    /** The device has no room for the next segment: appends are refused until space returns (then by themselves). */
    DEVICE_FULL,
    /** Writing to the queue directory failed otherwise (the reason is in the stats' problem). */
    WRITE_FAILED,
    /** The queue directory cannot be written: what it holds is delivered, new records wait in memory (lost on a restart). */
    READ_ONLY,
    /** No disk queue could be opened: records wait in memory only (lost on a restart). */
    MEMORY_ONLY,
    /**
     * The queue holds sealed records and their key file is missing or unreadable: the files are left
     * untouched (restore the key and restart to deliver them); new records wait in memory.
     */
    KEY_UNAVAILABLE;

    /** @return how the twin says it: {@code ok}, {@code device-full}, {@code write-failed}, {@code read-only}, {@code memory-only}, {@code key-unavailable} */
    public String twin() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
