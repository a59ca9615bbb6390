package org.mviot.edge.cloud.mqtt.internal.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's secret key: {@value #KEY_BYTES} random bytes (SecureRandom) in a file readable by its
 * owner only (0600), made at the first start that seals records. Written to a temporary file
 * created 0600, forced and renamed into place, so no reader ever sees a half key and the key is
 * never readable by others, not even for a moment.
 */
public final class KeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
    /** Bytes of a key. */
    public static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private KeyFile() {
    }

    /**
     * @param file the key file
     * @return whether it exists (it may still be unreadable)
     */
    public static boolean exists(Path file) {
        return Files.exists(file);
    }

    /**
     * Reads the key; a file others can read is made owner-only, with a warning.
     *
     * @param file the key file
     * @return the key
     * @throws KeyUnavailableException if it is missing, unreadable or not {@value #KEY_BYTES} bytes
     */
    public static byte[] read(Path file) throws KeyUnavailableException {
        byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyUnavailableException("key file " + file + " is missing");
        } catch (IOException | RuntimeException e) {
            throw new KeyUnavailableException("key file " + file + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (key.length != KEY_BYTES) {
            throw new KeyUnavailableException("key file " + file + " holds " + key.length + " bytes, expected a key of " + KEY_BYTES);
        }
        tighten(file);
        return key;
    }

    /**
     * Makes a new random key file; fails if one exists (a key is never replaced: records sealed with it would be lost).
     *
     * @param file the key file
     * @param random where the key comes from
     * @return the key
     * @throws IOException if it cannot be written
     */
    public static byte[] create(Path file, SecureRandom random) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            ByteBuffer b = ByteBuffer.wrap(key);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        if (Files.exists(file)) {
            Files.delete(tmp);
            throw new FileAlreadyExistsException(file.toString(), null, "a key file is never replaced");
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        DirectorySync.force(dir);
        LOG.info("new queue key made in {} (owner-only): keep it with the data directory; without it the sealed queue cannot be read", file);
        return key;
    }

    private static void tighten(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(p)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                LOG.warn("key file {} was readable by others ({}): made owner-only (0600)", file, PosixFilePermissions.toString(p));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a file system without POSIX permissions: nothing to tighten
        }
    }
}
