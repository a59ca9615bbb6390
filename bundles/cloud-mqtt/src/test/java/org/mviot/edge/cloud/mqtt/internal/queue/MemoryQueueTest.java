package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The in-memory stand-in keeps the disk queue's order and drop policy, within the same bounds. */
class MemoryQueueTest {

    private static final QueueOptions OPTIONS = new QueueOptions(Path.of("unused"), 8192, 10, 4096);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<Entry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void whenFullTheOldestTelemetryGoesAlarmsStayAndBeyondTheBoundEvenThoseAreRefused() {
        MemoryQueue q = new MemoryQueue(OPTIONS, 100, QueueStatus.MEMORY_ONLY, "no disk");
        assertThat(q.append(bytes("alarm-0"), Priority.KEEP)).isEqualTo(100);
        for (int i = 1; i <= 12; i++) {
            assertThat(q.append(bytes("tel-" + i), Priority.TELEMETRY)).isNotNegative();
        }
        assertThat(texts(q.read(0, 100))).startsWith("alarm-0", "tel-4").endsWith("tel-12").hasSize(10);
        assertThat(q.stats().dropped()).isEqualTo(3);

        for (int i = 1; i <= 9; i++) {
            assertThat(q.append(bytes("alarm-" + i), Priority.KEEP)).isNotNegative();
        }
        assertThat(texts(q.read(0, 100))).containsExactly("alarm-0", "alarm-1", "alarm-2", "alarm-3", "alarm-4", "alarm-5", "alarm-6",
                "alarm-7", "alarm-8", "alarm-9");
        assertThat(q.append(bytes("alarm-10"), Priority.KEEP)).as("memory is finite: refused beyond the bound").isEqualTo(-1);
        assertThat(q.stats().status()).isEqualTo(QueueStatus.MEMORY_ONLY);
        assertThat(q.stats().problem()).isEqualTo("no disk");
    }

    @Test
    void deliveredRecordsLeaveAndMakeRoom() {
        MemoryQueue q = new MemoryQueue(OPTIONS, 0, QueueStatus.MEMORY_ONLY, "");
        for (int i = 0; i < 10; i++) {
            q.append(bytes("alarm-" + i), Priority.KEEP);
        }
        q.release(4);
        assertThat(q.cursor()).isEqualTo(4);
        assertThat(q.stats().undelivered()).isEqualTo(6);
        assertThat(q.read(0, 100)).extracting(Entry::offset).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(q.append(bytes("alarm-10"), Priority.KEEP)).isEqualTo(10);
    }
}
