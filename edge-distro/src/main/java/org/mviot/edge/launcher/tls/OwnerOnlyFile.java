package org.mviot.edge.launcher.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a secret (a key, a password, a certificate beside them) readable by its owner only: mode
 * 0600 in a 0700 directory, created with those permissions (no moment readable by others), then
 * moved into place atomically. Like {@code gateway.properties}, the file takes the owner of the
 * configuration directory when root provisions for the service's user.
 */
final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    /**
     * @param target the file to write
     * @param owner  the directory whose owner and group the file takes (best effort)
     * @param bytes  the content
     * @throws IOException if it cannot be written
     */
    static void write(Path target, Path owner, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(Files.createDirectories(dir)).supportsFileAttributeView(PosixFileAttributeView.class);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            adopt(dir, owner);
            adopt(tmp, owner);
        }
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void adopt(Path file, Path owner) throws IOException {
        PosixFileAttributes o = Files.readAttributes(owner, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        try {
            view.setGroup(o.group());
        } catch (IOException notMine) {
            // not a member of the directory's group: the file keeps the user's group
        }
        try {
            view.setOwner(o.owner());
        } catch (IOException notRoot) {
            // only root gives files away: the file stays the user's
        }
    }
}
