package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No segment stays mapped once sealed, rewritten or deleted (issue 17, item 6: a long outage left
 * deleted segments mapped, so memory and disk grew). Reads this JVM's own {@code /proc/self/maps}.
 */
class SegmentMappingTest {

    @TempDir
    Path dir;

    @Test
    void afterManyRolloversAndCompactionsOfAFullQueueNoDeletedOrSealedSegmentIsStillMapped() throws IOException {
        Path q = dir.resolve("q");
        // 8 segments of 16 KiB at most: the queue is at its bound after ~1 s of appends and compacts on every roll from then on
        try (SegmentedLog log = SegmentedLog.open(new QueueOptions(q, 8 * 16 * 1024, 1_000_000, 16 * 1024))) {
            byte[] payload = new byte[100];
            for (int i = 0; i < 20_000; i++) {
                log.append(payload, i % 50 == 0 ? Priority.KEEP : Priority.TELEMETRY);
                if (i % 1000 == 0) {
                    log.sync();
                }
            }
            assertThat(log.stats().dropped()).as("telemetry dropped by compaction").isPositive();
            List<String> mapped = mappingsUnder(q);
            assertThat(mapped.stream().filter(l -> l.endsWith("(deleted)")).toList()).as("mappings of deleted segment files").isEmpty();
            assertThat(mapped).as("segment files mapped (only the active one may be)").hasSizeLessThanOrEqualTo(1);
            assertThat(log.mappedSegments()).isEqualTo(1);
        }
        assertThat(mappingsUnder(q)).as("mappings after close").isEmpty();
    }

    private static List<String> mappingsUnder(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(prefix)).toList();
    }
}
