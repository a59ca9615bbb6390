package org.mviot.edge.core.internal.mapping;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Keeps twin sequence numbers monotonic across restarts. Each start of the core takes the next
 * epoch from a small file in the data directory (one write and fsync per start, nothing per update)
 * and numbers every thing's updates from {@code epoch × 2^32 + 1}: after a restart, even one that
 * followed a kill -9, the numbers continue upwards, so a cloud that drops ranges it has already seen
 * never drops new updates. 2^32 updates of one thing per start is years even at 10 updates/s, and
 * the numbers stay below 2^53 (exact in JavaScript) for two million starts.
 */
public final class SequenceEpoch {

    /** Bits of the per-start counter. */
    static final int COUNTER_BITS = 32;

    private SequenceEpoch() {
    }

    /**
     * Takes the next epoch.
     *
     * @param file the epoch file (created when missing)
     * @return the base to add to every per-thing counter of this start
     * @throws IOException if the file cannot be read, is not a number, or cannot be written
     */
    public static long next(Path file) throws IOException {
        long epoch = 0;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            try {
                epoch = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(file + " holds '" + text + "', not a sequence epoch");
            }
        }
        long next = epoch + 1;
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(Long.toString(next).getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return next << COUNTER_BITS;
    }
}
