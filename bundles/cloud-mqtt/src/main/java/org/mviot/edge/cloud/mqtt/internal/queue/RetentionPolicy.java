package org.mviot.edge.cloud.mqtt.internal.queue;

import java.util.List;

/**
 * Which segment goes first when the queue is over its bounds: the oldest one that is wholly
 * delivered is deleted; else the oldest holding delivered records or telemetry is compacted to its
 * undelivered {@link Priority#KEEP} records (alarms, definitions, responses), in place, so order is
 * kept. Oldest telemetry goes first; KEEP records are never chosen.
 */
final class RetentionPolicy {

    /** What to do. */
    enum Action { DELETE, COMPACT }

    /**
     * @param action  what
     * @param segment to which segment
     */
    record Choice(Action action, SegmentFile segment) {
    }

    private RetentionPolicy() {
    }

    /**
     * @param segments the segments, oldest first; the last is the active one
     * @param cursor   the first offset not delivered
     * @return what to free, or {@code null} when nothing may go
     */
    static Choice choose(List<SegmentFile> segments, long cursor) {
        SegmentFile active = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        for (SegmentFile s : segments) {
            if (s.records == 0) {
                continue;
            }
            if (s.last < cursor && s != active) {
                return new Choice(Action.DELETE, s);
            }
            if (s.telemetry > 0 || s.first < cursor) {
                return new Choice(Action.COMPACT, s);
            }
        }
        return null;
    }
}
