package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.util.List;

/**
 * The store-and-forward queue as the uplink uses it: records in offset order, a delivery cursor,
 * bounded with a drop policy by {@link Priority}. {@link SegmentedLog} keeps them on disk;
 * {@link MemoryQueue} and {@link DegradedQueue} stand in when the disk cannot be used, so the cloud
 * link always runs.
 */
public interface RecordQueue extends AutoCloseable {

    /**
     * Appends a record.
     *
     * @param payload  the bytes (the queue may keep the array: do not change it afterwards)
     * @param priority what may be done with it when the queue is full
     * @return its offset, or {@code -1} when it is telemetry and the queue is full of records that must not be dropped
     * @throws IOException if it cannot be kept (the device is full or failing)
     */
    long append(byte[] payload, Priority priority) throws IOException;

    /**
     * Reads records in order, starting at the first whose offset is at least {@code from}; damaged
     * stretches are skipped (and counted in the stats).
     *
     * @param from       smallest offset wanted
     * @param maxRecords most records to return
     * @return the records, possibly none
     * @throws IOException if the queue is closed
     */
    List<Entry> read(long from, int maxRecords) throws IOException;

    /**
     * Records that every record below an offset has been delivered.
     *
     * @param upTo the first offset not known to be delivered
     */
    void release(long upTo);

    /** @return the first offset not known to be delivered */
    long cursor();

    /**
     * The group commit: makes what was appended durable and frees what was delivered.
     *
     * @throws IOException if the disk fails
     */
    void sync() throws IOException;

    /** @return counts and health */
    QueueStats stats();

    @Override
    void close() throws IOException;
}
