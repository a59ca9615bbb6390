package org.mviot.edge.launcher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Keeps the console's {@code g!} prompt usable on a terminal: the log (standard error) and the
 * Gogo console share the screen, and a log line written while the prompt waited for input landed
 * after the prompt, which then scrolled away. Here, while the console waits at its prompt, a log
 * line first erases the prompt's line, prints itself, and prints the prompt again, as line editors
 * do when they print above the prompt. (What the user had typed stays in the terminal's input
 * buffer and is still read; only its echo is gone.)
 *
 * <p>Gogo's plain console writes its prompt straight to file descriptor 1, so whether it waits is
 * read from its thread: it is inside {@code Console.getLine}. Hand-written because JLine, which
 * offers this as {@code printAbove}, would replace the whole Gogo console.
 */
final class TerminalPrompt extends OutputStream {

    /** Erase the line the cursor is on and go to its start (ANSI). */
    private static final byte[] ERASE_LINE = "\r\033[K".getBytes(StandardCharsets.US_ASCII);
    /** Gogo's default prompt. */
    private static final byte[] PROMPT = "g! ".getBytes(StandardCharsets.US_ASCII);
    private static final String CONSOLE = "org.apache.felix.gogo.shell.Console";
    /** Least time between two searches for the console's thread (a search looks at every thread). */
    private static final long SEARCH_INTERVAL_NANOS = 1_000_000_000L;

    private final OutputStream terminal;
    private final BooleanSupplier promptWaiting;
    /** Whether the log is in the middle of a line (guarded by this). */
    private boolean midLine;
    private Thread console;
    private long lastSearch = System.nanoTime() - SEARCH_INTERVAL_NANOS;

    /**
     * @param terminal      where the log goes
     * @param promptWaiting whether the console waits at its prompt now; {@code null}: ask Gogo's console thread
     */
    TerminalPrompt(OutputStream terminal, BooleanSupplier promptWaiting) {
        this.terminal = terminal;
        this.promptWaiting = promptWaiting != null ? promptWaiting : this::consoleWaits;
    }

    /** Replaces {@link System#err} (the log's stream); call before anything logs. */
    static void install() {
        System.setErr(new PrintStream(new TerminalPrompt(new FileOutputStream(FileDescriptor.err), null), true, Charset.defaultCharset()));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        boolean waiting = !midLine && promptWaiting.getAsBoolean();
        if (waiting) {
            terminal.write(ERASE_LINE);
        }
        terminal.write(b, off, len);
        midLine = b[off + len - 1] != '\n';
        if (!midLine && (waiting || promptWaiting.getAsBoolean())) {
            terminal.write(PROMPT);
        }
        terminal.flush();
    }

    @Override
    public void flush() throws IOException {
        terminal.flush();
    }

    /** @return whether Gogo's console thread is inside {@code Console.getLine}: its prompt is on the screen */
    private boolean consoleWaits() {
        Thread t = console;
        if (t == null || !t.isAlive()) {
            long now = System.nanoTime();
            if (now - lastSearch < SEARCH_INTERVAL_NANOS) {
                return false;
            }
            lastSearch = now;
            t = Thread.getAllStackTraces().entrySet().stream().filter(e -> inGetLine(e.getValue())).map(java.util.Map.Entry::getKey)
                    .findFirst().orElse(null);
            console = t;
            if (t == null) {
                return false;
            }
        }
        return inGetLine(t.getStackTrace());
    }

    private static boolean inGetLine(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals(CONSOLE) && e.getMethodName().equals("getLine")) {
                return true;
            }
        }
        return false;
    }
}
