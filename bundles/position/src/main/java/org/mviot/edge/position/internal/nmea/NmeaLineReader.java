package org.mviot.edge.position.internal.nmea;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Cuts a byte stream from a receiver into lines and hands each sentence to a {@link NmeaParser}.
 * A line longer than {@link NmeaParser#MAX_LINE} is dropped whole (up to the next line end) and
 * counted, so noise on the line or a receiver speaking another protocol costs a bounded buffer and
 * a count, never memory or an exception. Not thread-safe: one reader per stream.
 */
public final class NmeaLineReader {

    /** What happens to a sentence that was read. */
    @FunctionalInterface
    public interface SentenceSink {
        /**
         * @param sentence the sentence, valid only during the call
         */
        void accept(NmeaSentence sentence);
    }

    private final NmeaParser parser = new NmeaParser();
    private final SentenceSink sink;
    private final byte[] line = new byte[NmeaParser.MAX_LINE];
    private final AtomicLongArray counts = new AtomicLongArray(NmeaParser.Result.values().length + 1);
    private int length;
    private boolean overlong;

    /**
     * @param sink receives each sentence read
     */
    public NmeaLineReader(SentenceSink sink) {
        this.sink = sink;
    }

    /**
     * @param data   bytes from the receiver
     * @param offset first byte
     * @param count  how many
     */
    public void feed(byte[] data, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            byte b = data[i];
            if (b == '\n' || b == '\r') {
                endOfLine();
            } else if (overlong) {
                continue;
            } else if (length == line.length) {
                overlong = true;
                length = 0;
            } else {
                line[length++] = b;
            }
        }
    }

    private void endOfLine() {
        if (overlong) {
            count(NmeaParser.Result.values().length);
            overlong = false;
        } else if (length > 0) {
            NmeaParser.Result r = parser.parse(line, 0, length);
            count(r.ordinal());
            if (r == NmeaParser.Result.OK) {
                sink.accept(parser.sentence());
            }
        }
        length = 0;
    }

    private void count(int index) {
        // one writer: a plain increment published with lazySet
        counts.lazySet(index, counts.get(index) + 1);
    }

    /**
     * @param result an outcome
     * @return how many lines had it
     */
    public long count(NmeaParser.Result result) {
        return counts.get(result.ordinal());
    }

    /** @return how many lines were longer than {@link NmeaParser#MAX_LINE} and dropped */
    public long overlong() {
        return counts.get(NmeaParser.Result.values().length);
    }

    /** @return the counts in words, e.g. {@code ok 120, bad checksum 2, garbage 1, unsupported 40, malformed 0, overlong 0} */
    public String statistics() {
        return "ok " + count(NmeaParser.Result.OK) + ", bad checksum " + count(NmeaParser.Result.BAD_CHECKSUM) + ", garbage "
                + count(NmeaParser.Result.GARBAGE) + ", unsupported " + count(NmeaParser.Result.UNSUPPORTED) + ", malformed "
                + count(NmeaParser.Result.MALFORMED) + ", overlong " + overlong();
    }
}
