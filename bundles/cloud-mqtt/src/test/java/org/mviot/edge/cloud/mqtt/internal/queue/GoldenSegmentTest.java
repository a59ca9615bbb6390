package org.mviot.edge.cloud.mqtt.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.cloud.mqtt.internal.codec.BinaryFormat;

/** A queue written by an older version of the gateway is read, record for record, after an upgrade. */
class GoldenSegmentTest {

    @TempDir
    Path dir;

    @Test
    void aSegmentWrittenByFormatOneDecodesToExactlyWhatWasQueued() throws IOException {
        Path queue = Files.createDirectories(dir.resolve("queue"));
        try (InputStream in = GoldenSegmentTest.class.getResourceAsStream(GoldenQueue.SEGMENT)) {
            Files.copy(in, queue.resolve("00000000000000000000.seg"));
        }
        List<GoldenQueue.Item> expected = GoldenQueue.items();
        try (SegmentedLog log = SegmentedLog.open(new QueueOptions(queue, 1 << 20, 1000, 1 << 16))) {
            List<Entry> entries = log.read(0, 100);
            assertThat(entries).extracting(Entry::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            for (int i = 0; i < expected.size(); i++) {
                Entry e = entries.get(i);
                GoldenQueue.Item want = expected.get(i);
                assertThat(e.priority()).as("priority of record %d", i).isEqualTo(want.priority());
                Object got = BinaryFormat.decode(e.payload());
                if (want.content() instanceof BinaryFormat.PendingResponse r) {
                    assertThat(got).isInstanceOf(BinaryFormat.PendingResponse.class);
                    BinaryFormat.PendingResponse g = (BinaryFormat.PendingResponse) got;
                    assertThat(g.topic()).isEqualTo(r.topic());
                    assertThat(g.correlationData()).containsExactly(r.correlationData());
                    assertThat(g.json()).isEqualTo(r.json());
                } else {
                    assertThat(got).as("record %d", i).isEqualTo(want.content());
                }
            }
            assertThat(log.append(new byte[] {1}, Priority.TELEMETRY)).as("the next offset after the golden records").isEqualTo(6);
        }
    }
}
