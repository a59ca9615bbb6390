package org.mviot.edge.cloud.mqtt.internal.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The file that remembers how far nonce counters were reserved: 8 bytes (the first counter not yet
 * reserved) and a CRC32C of them. Written to a temporary file, forced and renamed into place, so
 * after a crash or power loss it holds either the old or the new reservation, never a torn one.
 */
public final class NonceReservation {

    /**
     * What was read.
     *
     * @param next    the first counter not reserved before (0 when none could be read)
     * @param problem why the file could not be used, or empty (a missing file is not a problem for a new key)
     */
    public record Reading(long next, String problem) {
    }

    private final Path file;
    private final boolean force;

    /** @param file the reservation file */
    public NonceReservation(Path file) {
        this(file, true);
    }

    /**
     * @param file  the reservation file
     * @param force whether each write is forced to the device; only tests that simulate thousands of
     *              restarts in one process say no (the file's content is the same either way)
     */
    NonceReservation(Path file, boolean force) {
        this.file = file;
        this.force = force;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return the stored reservation */
    public Reading read() {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Reading(0, "nonce reservation file " + file + " is missing");
        } catch (IOException e) {
            return new Reading(0, "nonce reservation file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        if (b.length != 12) {
            return new Reading(0, "nonce reservation file " + file + " holds " + b.length + " bytes, expected 12");
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        long next = buf.getLong(0);
        if (crc(b) != buf.getInt(8) || next < 0) {
            return new Reading(0, "nonce reservation file " + file + " is damaged (CRC)");
        }
        return new Reading(next, "");
    }

    /**
     * Stores a reservation durably before any counter of it is used.
     *
     * @param next the first counter not reserved
     * @throws IOException if it cannot be stored (then no counter of the new block may be used)
     */
    public void write(long next) throws IOException {
        byte[] b = new byte[12];
        ByteBuffer buf = ByteBuffer.wrap(b).putLong(0, next);
        buf.putInt(8, crc(b));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".new");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer w = ByteBuffer.wrap(b);
            while (w.hasRemaining()) {
                ch.write(w);
            }
            if (force) {
                ch.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (force) {
            DirectorySync.force(dir);
        }
    }

    private static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, 8);
        return (int) c.getValue();
    }
}
