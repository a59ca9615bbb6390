package org.mviot.edge.cloud.mqtt.internal.link;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When the oldest undelivered record was queued, at the latest, for {@code mviot-edge status}'s
 * "oldest queued". Queue records carry no time, and reading the record at the cursor would race the
 * uplink's reads; instead the link looks at the queue's offsets once a second: the records between
 * the end seen last time and the end seen now were queued no later than now. The record at the
 * cursor was therefore queued no later than the first such observation that covers it. Records found
 * on disk at start were queued no later than the start.
 *
 * <p>Bounded: at most {@link #MAX_MARKS} observations are kept; beyond that two neighbours in the
 * middle merge into the later one, which keeps every answer a true "at the latest", only coarser
 * for records that waited long, while the oldest mark stays exact.
 */
final class QueuedSince {

    /** Observations kept: an hour at one a second before any merges. */
    static final int MAX_MARKS = 3600;

    /** Records with offsets below {@code end} (and at or above the previous mark's end) were queued no later than {@code at}. */
    private record Mark(long end, Instant at) {
    }

    private final List<Mark> marks = new ArrayList<>();
    private long seenEnd = -1;

    /**
     * Notes the queue's offsets now.
     *
     * @param cursor     the first undelivered offset
     * @param nextOffset the offset the next record will get
     * @param now        the time now
     */
    synchronized void observe(long cursor, long nextOffset, Instant now) {
        if (nextOffset > seenEnd) {
            marks.add(new Mark(nextOffset, now));
            seenEnd = nextOffset;
            if (marks.size() > MAX_MARKS) {
                marks.remove(marks.size() / 2);
            }
        }
        while (!marks.isEmpty() && marks.get(0).end() <= cursor) {
            marks.remove(0);
        }
    }

    /**
     * @param cursor     the first undelivered offset
     * @param nextOffset the offset the next record will get
     * @return when the record at the cursor was queued, at the latest; {@code null} when nothing waits or it was not seen yet
     */
    synchronized Instant oldest(long cursor, long nextOffset) {
        if (cursor >= nextOffset) {
            return null;
        }
        for (Mark m : marks) {
            if (m.end() > cursor) {
                return m.at();
            }
        }
        return null;
    }

    /** @return the observations kept (for tests) */
    synchronized int size() {
        return marks.size();
    }
}
