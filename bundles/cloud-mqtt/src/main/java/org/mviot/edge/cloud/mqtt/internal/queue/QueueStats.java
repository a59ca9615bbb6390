package org.mviot.edge.cloud.mqtt.internal.queue;

/**
 * Counts and health of a queue, for the gateway twin, {@code status}, logs and benchmarks.
 *
 * @param records      records stored (delivered ones linger until their segment goes)
 * @param bytes        bytes of the segment files (or of the records in memory)
 * @param segments     segment files
 * @param undelivered  records appended and not yet delivered (an upper bound once telemetry was dropped)
 * @param dropped      telemetry records dropped because the queue was full
 * @param nextOffset   the offset the next append gets
 * @param status       whether records are kept on disk
 * @param lostRecords  records lost to damage found in the files since the queue was opened (at most this many:
 *                     counted from the gap in offsets around each damaged stretch)
 * @param damagedBytes bytes of damaged stretches skipped
 * @param quarantined  files moved to {@code quarantine/} (or ignored, when the directory is read-only)
 * @param problem      the latest problem found (damage, quarantine, cursor, write failure), or empty
 * @param tampered     sealed records that did not open (changed, moved or sealed with another key): skipped
 * @param sealing      the cipher new records are sealed with, or {@code off}
 * @param backlogBytes about how many bytes the undelivered records take: whole segments after the cursor, the
 *                     cursor's segment in proportion to its undelivered records; 0 when nothing waits
 */
public record QueueStats(long records, long bytes, int segments, long undelivered, long dropped, long nextOffset, QueueStatus status,
                         long lostRecords, long damagedBytes, int quarantined, String problem, long tampered, String sealing,
                         long backlogBytes) {
}
