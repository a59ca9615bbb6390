package org.mviot.edge.core.internal.privacy;

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
 * A 256-bit secret key in a file readable by its owner only (0600): read when it exists (a file
 * others can read is made owner-only, with a warning), else made from {@link SecureRandom},
 * written to a temporary file created 0600, forced and renamed into place, so it is never readable
 * by others and never half written. A key file is never replaced.
 */
final class SecretKeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(SecretKeyFile.class);
    static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private SecretKeyFile() {
    }

    /**
     * @param file   the key file
     * @param random where a new key comes from
     * @param what   what the key is for, for the log
     * @return the key
     * @throws IOException if it cannot be read or made, or is not {@value #KEY_BYTES} bytes
     */
    static byte[] readOrCreate(Path file, SecureRandom random, String what) throws IOException {
        try {
            byte[] key = Files.readAllBytes(file);
            if (key.length != KEY_BYTES) {
                throw new IOException("key file " + file + " holds " + key.length + " bytes, expected a key of " + KEY_BYTES);
            }
            tighten(file);
            return key;
        } catch (NoSuchFileException e) {
            return create(file, random, what);
        }
    }

    private static byte[] create(Path file, SecureRandom random, String what) throws IOException {
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
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // a file system that cannot sync a directory: the file itself was forced
        }
        LOG.info("new {} key made in {} (owner-only)", what, file);
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
            // no POSIX permissions on this file system: nothing to tighten
        }
    }
}
