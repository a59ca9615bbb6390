package org.mviot.edge.launcher.console;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The last {@value #CAPACITY} lines of the gateway's log, in memory, for the web console ({@code /api/v1/logs}): the
 * log's stream (standard error, where SLF4J's simple binding writes) goes through {@link #tee}, which hands every
 * complete line here as well. Lines are cut to {@value #MAX_LINE} characters. Registered in the framework as a
 * {@link Function} (a type the console bundle shares with the launcher) from a sequence number to the lines after
 * it, each {@code SEQ\tEPOCH_MILLIS\tLINE}.
 */
public final class LogRing implements Function<Long, List<String>> {

    /** Lines kept. */
    public static final int CAPACITY = 1000;
    /** The longest line kept. */
    public static final int MAX_LINE = 2000;
    /** The process's one ring, fed from the start. */
    public static final LogRing INSTANCE = new LogRing();

    private final String[] lines = new String[CAPACITY];
    private final long[] times = new long[CAPACITY];
    private long next;

    /**
     * @param line a complete line
     * @param at   when it was written
     */
    synchronized void add(String line, long at) {
        int i = (int) (next % CAPACITY);
        lines[i] = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
        times[i] = at;
        next++;
    }

    @Override
    public synchronized List<String> apply(Long after) {
        long from = Math.max(Math.max(after == null ? -1 : after, -1) + 1, next - CAPACITY);
        List<String> out = new ArrayList<>((int) Math.max(0, next - from));
        for (long s = Math.max(from, 0); s < next; s++) {
            int i = (int) (s % CAPACITY);
            out.add(s + "\t" + times[i] + "\t" + lines[i]);
        }
        return out;
    }

    /**
     * @param target the real stream
     * @return a stream that writes to it and feeds this ring line by line
     */
    public PrintStream tee(PrintStream target) {
        return new Tee(new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);

            @Override
            public synchronized void write(int b) {
                target.write(b);
                collect(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                target.write(b, off, len);
                for (int i = off; i < off + len; i++) {
                    collect(b[i]);
                }
            }

            @Override
            public void flush() {
                target.flush();
            }

            private void collect(int b) {
                if (b == '\n') {
                    add(line.toString(StandardCharsets.UTF_8), System.currentTimeMillis());
                    line.reset();
                } else if (line.size() < MAX_LINE * 4) {
                    line.write(b);
                }
            }
        });
    }

    /** The stream {@link #tee} returns (so that it is installed once). */
    public static final class Tee extends PrintStream {
        Tee(OutputStream out) {
            super(out, true, StandardCharsets.UTF_8);
        }
    }
}
