package org.mviot.edge.cloud.mqtt.internal.queue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue in memory, for when no disk queue can be used: same order, cursor and drop policy as
 * {@link SegmentedLog} (oldest telemetry first), bounded by the same limits, lost on a restart. The
 * link keeps delivering instead of failing to start (issue 17: a broken queue degrades, it does not
 * disable). Here KEEP records are bounded too (memory is finite): beyond the bound they are refused.
 */
public final class MemoryQueue implements RecordQueue {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryQueue.class);
    /** Bytes counted per record besides its payload (offset, priority, object). */
    private static final int OVERHEAD = 48;

    private final long maxBytes;
    private final long maxRecords;
    private final QueueStatus status;
    private final String problem;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long nextOffset;
    private long cursor;
    private long bytes;
    private long dropped;
    private boolean fullReported;

    /**
     * @param options    bounds (the directory is not used)
     * @param firstOffset the offset of the first record
     * @param status     what the stats say about why the queue is in memory
     * @param problem    why, for the stats
     */
    public MemoryQueue(QueueOptions options, long firstOffset, QueueStatus status, String problem) {
        this.maxBytes = options.maxBytes();
        this.maxRecords = options.maxRecords();
        this.nextOffset = firstOffset;
        this.cursor = firstOffset;
        this.status = status;
        this.problem = problem;
    }

    @Override
    public synchronized long append(byte[] payload, Priority priority) {
        long size = payload.length + (long) OVERHEAD;
        while (bytes + size > maxBytes || entries.size() + 1 > maxRecords) {
            if (!dropOldest()) {
                if (!fullReported) {
                    fullReported = true;
                    LOG.warn("in-memory queue full ({} bytes / {} records) of records that are not dropped: refusing more", maxBytes,
                            maxRecords);
                }
                return -1;
            }
        }
        fullReported = false;
        long offset = nextOffset++;
        entries.put(offset, new Entry(offset, priority, payload.clone()));
        bytes += size;
        return offset;
    }

    /** Drops the oldest delivered record, else the oldest telemetry; false if neither exists. */
    private boolean dropOldest() {
        Map.Entry<Long, Entry> first = entries.firstEntry();
        if (first != null && first.getKey() < cursor) {
            remove(first.getKey());
            return true;
        }
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            if (e.priority() == Priority.TELEMETRY) {
                it.remove();
                bytes -= e.payload().length + (long) OVERHEAD;
                dropped++;
                return true;
            }
        }
        return false;
    }

    private void remove(long offset) {
        Entry e = entries.remove(offset);
        if (e != null) {
            bytes -= e.payload().length + (long) OVERHEAD;
        }
    }

    @Override
    public synchronized List<Entry> read(long from, int maxRecords) {
        List<Entry> out = new ArrayList<>(Math.min(maxRecords, 256));
        for (Entry e : entries.tailMap(from, true).values()) {
            if (out.size() >= maxRecords) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public synchronized void release(long upTo) {
        if (upTo > cursor) {
            cursor = Math.min(upTo, nextOffset);
            entries.headMap(cursor, false).keySet().stream().toList().forEach(this::remove);
        }
    }

    @Override
    public synchronized long cursor() {
        return cursor;
    }

    /** @return the offset the next append gets */
    synchronized long nextOffset() {
        return nextOffset;
    }

    @Override
    public void sync() {
        // nothing to make durable: memory is all there is
    }

    @Override
    public synchronized QueueStats stats() {
        return new QueueStats(entries.size(), bytes, 0, Math.max(0, nextOffset - cursor), dropped, nextOffset, status, 0, 0, 0, problem, 0, "off",
                // delivered records are removed at once: what is held is the backlog
                nextOffset > cursor ? bytes : 0);
    }

    @Override
    public void close() {
        // nothing held but memory
    }
}
