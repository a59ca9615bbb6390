package org.mviot.edge.cloud.mqtt.internal.queue;

import java.nio.file.Path;

/**
 * How a {@link SegmentedLog} is laid out and bounded.
 *
 * @param dir           directory holding the segments and the delivery cursor
 * @param maxBytes      most bytes of segments on disk (enforced on whole segments)
 * @param maxRecords    most records stored
 * @param segmentBytes  size at which a segment is sealed and a new one begun; also the largest record
 */
public record QueueOptions(Path dir, long maxBytes, long maxRecords, int segmentBytes) {

    /**
     * Checks the bounds.
     *
     * @param dir          directory
     * @param maxBytes     bytes
     * @param maxRecords   records
     * @param segmentBytes segment size
     */
    public QueueOptions {
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("queue segment size " + segmentBytes + " is below 4096 bytes");
        }
        if (maxBytes < 2L * segmentBytes) {
            throw new IllegalArgumentException("queue size " + maxBytes + " bytes must hold at least two segments of " + segmentBytes);
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("queue must hold at least one message, was " + maxRecords);
        }
    }
}
