package org.mviot.edge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class TerminalPromptTest {

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final TerminalPrompt log = new TerminalPrompt(screen, waiting::get);

    private void write(String s) throws Exception {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        log.write(b, 0, b.length);
    }

    @Test
    void aLogLineWhileThePromptWaitsErasesItPrintsAboveAndPrintsThePromptAgain() throws Exception {
        screen.write("g! ".getBytes(StandardCharsets.US_ASCII));
        waiting.set(true);
        write("INFO device online\n");
        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("g! \r\033[KINFO device online\ng! ");
    }

    @Test
    void aLogLineWhileACommandRunsIsWrittenAsItIs() throws Exception {
        write("INFO one\n");
        write("INFO two\n");
        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("INFO one\nINFO two\n");
    }

    @Test
    void aLogLineWrittenInPiecesIsNotCutByThePrompt() throws Exception {
        waiting.set(true);
        write("INFO ");
        write("piece\n");
        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("\r\033[KINFO piece\ng! ");
    }
}
