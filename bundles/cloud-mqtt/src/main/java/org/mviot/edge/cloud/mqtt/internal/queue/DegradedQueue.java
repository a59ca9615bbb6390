package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A queue whose directory can be read but not written (read-only file system or permissions): the
 * records already on disk are delivered first, in order, from the read-only {@link SegmentedLog};
 * new records wait in a {@link MemoryQueue} whose offsets follow the disk's. Nothing is deleted or
 * written on disk, so after a restart with a writable directory the disk's records are sent again
 * (at-least-once); the memory's are lost, which the status ({@link QueueStatus#READ_ONLY}) says.
 */
public final class DegradedQueue implements RecordQueue {

    private final SegmentedLog disk;
    private final MemoryQueue memory;
    private final long diskEnd;

    /**
     * @param disk    the directory's records, opened read-only
     * @param options bounds for the memory queue
     * @param problem why the directory cannot be written
     */
    public DegradedQueue(SegmentedLog disk, QueueOptions options, String problem) {
        this.disk = disk;
        this.diskEnd = disk.stats().nextOffset();
        this.memory = new MemoryQueue(options, diskEnd, QueueStatus.READ_ONLY, problem);
    }

    @Override
    public long append(byte[] payload, Priority priority) {
        return memory.append(payload, priority);
    }

    @Override
    public List<Entry> read(long from, int maxRecords) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (from < diskEnd) {
            out.addAll(disk.read(from, maxRecords));
        }
        if (out.size() < maxRecords) {
            out.addAll(memory.read(Math.max(from, diskEnd), maxRecords - out.size()));
        }
        return out;
    }

    @Override
    public void release(long upTo) {
        disk.release(Math.min(upTo, diskEnd));
        memory.release(upTo);
    }

    @Override
    public long cursor() {
        long c = disk.cursor();
        return c < diskEnd ? c : memory.cursor();
    }

    @Override
    public void sync() {
        // nothing can be written
    }

    @Override
    public QueueStats stats() {
        QueueStats d = disk.stats();
        QueueStats m = memory.stats();
        String problem = m.problem() + (d.problem().isEmpty() ? "" : "; " + d.problem());
        return new QueueStats(d.records() + m.records(), d.bytes() + m.bytes(), d.segments(), Math.max(0, diskEnd - disk.cursor())
                + m.undelivered(), m.dropped(), m.nextOffset(), QueueStatus.READ_ONLY, d.lostRecords(), d.damagedBytes(),
                d.quarantined(), problem, d.tampered(), "off", d.backlogBytes() + m.backlogBytes());
    }

    @Override
    public void close() throws IOException {
        disk.close();
    }
}
