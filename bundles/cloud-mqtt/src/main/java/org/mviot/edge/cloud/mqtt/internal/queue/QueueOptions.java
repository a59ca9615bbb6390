package org.mviot.edge.cloud.mqtt.internal.queue;

import java.nio.file.Path;

import org.mviot.edge.cloud.mqtt.internal.seal.QueueSealing;

/**
 * How a {@link SegmentedLog} is laid out and bounded.
 *
 * @param dir           directory holding the segments and the delivery cursor
 * @param maxBytes      most bytes of segments on disk (enforced on whole segments)
 * @param maxRecords    most records stored
 * @param segmentBytes  size at which a segment is sealed and a new one begun; also the largest record
 * @param sealing       whether records are encrypted at rest, and with which key
 */
public record QueueOptions(Path dir, long maxBytes, long maxRecords, int segmentBytes, QueueSealing sealing) {

    /**
     * A queue that does not encrypt its records (and cannot read encrypted ones).
     *
     * @param dir          directory
     * @param maxBytes     bytes
     * @param maxRecords   records
     * @param segmentBytes segment size
     */
    public QueueOptions(Path dir, long maxBytes, long maxRecords, int segmentBytes) {
        this(dir, maxBytes, maxRecords, segmentBytes, QueueSealing.off());
    }

    /**
     * Checks the bounds.
     *
     * @param dir          directory
     * @param maxBytes     bytes
     * @param maxRecords   records
     * @param segmentBytes segment size
     * @param sealing      sealing
     */
    public QueueOptions {
        java.util.Objects.requireNonNull(sealing, "sealing");
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
