package org.mviot.edge.launcher.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class LogRingTest {

    @Test
    void theTeeWritesThroughAndKeepsCompleteLinesWithTheirSequence() {
        LogRing ring = new LogRing();
        ByteArrayOutputStream real = new ByteArrayOutputStream();
        PrintStream tee = ring.tee(new PrintStream(real, true, StandardCharsets.UTF_8));
        tee.print("2026-12-07 10:00:00.000 INFO core - first\nsecond ");
        assertThat(ring.apply(-1L)).hasSize(1);
        tee.println("half");
        assertThat(real.toString(StandardCharsets.UTF_8)).isEqualTo("2026-12-07 10:00:00.000 INFO core - first\nsecond half" + System.lineSeparator());
        List<String> all = ring.apply(-1L);
        assertThat(all).hasSize(2);
        assertThat(all.get(0)).startsWith("0\t").endsWith("\t2026-12-07 10:00:00.000 INFO core - first");
        assertThat(all.get(1)).startsWith("1\t").endsWith("\tsecond half");
        assertThat(ring.apply(0L)).hasSize(1);
        assertThat(ring.apply(1L)).isEmpty();
    }

    @Test
    void theRingKeepsTheLastThousandLinesEachCut() {
        LogRing ring = new LogRing();
        PrintStream tee = ring.tee(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (int i = 0; i < 1500; i++) {
            tee.println("line " + i);
        }
        tee.println("x".repeat(5000));
        List<String> all = ring.apply(-1L);
        assertThat(all).hasSize(LogRing.CAPACITY);
        assertThat(all.get(0)).startsWith("501\t").endsWith("\tline 501");
        String last = all.get(all.size() - 1);
        assertThat(last.substring(last.lastIndexOf('\t') + 1)).hasSize(LogRing.MAX_LINE + 1);
        assertThat(ring.apply(10L)).as("lines no longer kept are skipped").hasSize(LogRing.CAPACITY);
    }
}
