package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The persisted delivery cursor: the first offset not known to be delivered, 8 bytes and their
 * CRC32C (12 bytes), rewritten in place. A missing, short or damaged file reads as "unknown", which
 * the log turns into the safe choice: resend everything stored (at-least-once).
 */
final class CursorFile implements AutoCloseable {

    /** The file's name in the queue directory. */
    static final String NAME = "cursor";
    private static final int LENGTH = 12;

    /**
     * What the file says.
     *
     * @param value   the cursor, or -1 when unknown
     * @param problem why it is unknown, or {@code null}
     */
    record Reading(long value, String problem) {
    }

    private final Path path;
    private final FileChannel channel;

    private CursorFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * @param dir      the queue directory
     * @param writable whether it will be written (created if missing)
     * @return the file; a read-only one that does not exist reads as unknown
     * @throws IOException if it cannot be opened
     */
    static CursorFile open(Path dir, boolean writable) throws IOException {
        Path p = dir.resolve(NAME);
        if (!writable) {
            return new CursorFile(p, Files.isRegularFile(p) ? FileChannel.open(p, StandardOpenOption.READ) : null);
        }
        return new CursorFile(p, FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** @return its path */
    Path path() {
        return path;
    }

    /**
     * @return the stored cursor, or -1 and why not
     * @throws IOException if the file cannot be read
     */
    Reading read() throws IOException {
        if (channel == null || channel.size() == 0) {
            return new Reading(-1, "the cursor file " + path + " is missing");
        }
        if (channel.size() < LENGTH) {
            return new Reading(-1, "the cursor file " + path + " is cut short (" + channel.size() + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        while (b.hasRemaining() && channel.read(b, b.position()) >= 0) {
            // fill
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 8);
        if ((int) crc.getValue() != b.getInt(8)) {
            return new Reading(-1, "the cursor file " + path + " fails its CRC32C");
        }
        long value = b.getLong(0);
        if (value < 0) {
            return new Reading(-1, "the cursor file " + path + " holds a negative offset " + value);
        }
        return new Reading(value, null);
    }

    /**
     * Writes and forces a cursor.
     *
     * @param value the first offset not known to be delivered
     * @throws IOException if the device fails
     */
    synchronized void write(long value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putLong(0, value);
        CRC32C sum = new CRC32C();
        sum.update(b.array(), 0, 8);
        b.putInt(8, (int) sum.getValue());
        while (b.hasRemaining()) {
            channel.write(b, b.position());
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
