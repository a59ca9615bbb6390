package org.mviot.edge.it.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;
import org.mviot.edge.cloud.mqtt.internal.queue.Entry;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueOptions;
import org.mviot.edge.cloud.mqtt.internal.queue.QueueStats;
import org.mviot.edge.cloud.mqtt.internal.queue.SegmentedLog;

/**
 * What a gateway's store-and-forward queue holds on disk, read the way the gateway itself recovers
 * it at its next start: the directory is copied and the copy opened with the bundle's own
 * {@link SegmentedLog} (CRC check, torn tail cut), so the gateway's files are never touched.
 *
 * @param records    every valid record still in the files, in offset order
 * @param cursor     first offset not known to be delivered (the persisted delivery cursor)
 * @param nextOffset one above the highest offset ever appended (offsets start at 0 in a new queue)
 */
record QueueOnDisk(List<Record> records, long cursor, long nextOffset) {

    /** One record: its offset and the update (or command response) it holds. */
    record Record(long offset, Object content) {
        /** @return the thing of a twin update, else null */
        String thing() {
            return content instanceof TwinUpdate u ? u.thing().toString() : null;
        }

        /** @return the sequence number of a twin update, else -1 */
        long sequence() {
            return content instanceof TwinUpdate u ? u.sequence() : -1;
        }
    }

    /**
     * @param queueDir the gateway's queue directory
     * @param scratch  an empty directory to copy it into
     * @return the records
     * @throws IOException if it cannot be read
     */
    static QueueOnDisk read(Path queueDir, Path scratch) throws IOException {
        Files.createDirectories(scratch);
        if (Files.isDirectory(queueDir)) {
            try (var files = Files.list(queueDir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    try {
                        Files.copy(p, scratch.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // a delivered segment deleted while copying: it held nothing undelivered
                    }
                }
            }
        }
        // segment size only bounds the largest valid record when reading: generous
        try (SegmentedLog log = SegmentedLog.open(new QueueOptions(scratch, 1L << 40, Long.MAX_VALUE, 64 << 20))) {
            List<Record> out = new ArrayList<>();
            for (Entry e : log.read(0, Integer.MAX_VALUE)) {
                out.add(new Record(e.offset(), BinaryFormat.decode(e.payload())));
            }
            QueueStats s = log.stats();
            return new QueueOnDisk(List.copyOf(out), log.cursor(), s.nextOffset());
        }
    }

    /** @return per thing, the sequence numbers of its updates in the files */
    Map<String, TreeSet<Long>> sequences() {
        Map<String, TreeSet<Long>> m = new TreeMap<>();
        for (Record r : records) {
            if (r.thing() != null) {
                m.computeIfAbsent(r.thing(), t -> new TreeSet<>()).add(r.sequence());
            }
        }
        return m;
    }

    /** @return per thing, the sequence numbers of its updates not yet delivered */
    Map<String, TreeSet<Long>> undelivered() {
        Map<String, TreeSet<Long>> m = new TreeMap<>();
        for (Record r : records) {
            if (r.thing() != null && r.offset() >= cursor) {
                m.computeIfAbsent(r.thing(), t -> new TreeSet<>()).add(r.sequence());
            }
        }
        return m;
    }
}
