package org.mviot.edge.launcher.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether only root can change a file: the file and every directory above it (symbolic links
 * resolved) belong to root and give no write permission to group or others. A directory with the
 * sticky bit (such as {@code /tmp}) may be writable by all: there nobody but root can rename or
 * remove root's entries. This is what an installed package's tree ({@code /opt/mviot-edge})
 * looks like, and what a gateway service user can never forge.
 */
final class RootOnlyWritable {

    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;

    private RootOnlyWritable() {
    }

    /**
     * @param file a file
     * @return empty when only root can change it, else why not (naming the path at fault)
     */
    static Optional<String> whyNot(Path file) {
        return whyNot(file, 0);
    }

    /**
     * @param file  a file
     * @param owner the user that must own it and every directory above it (root, 0, but in tests)
     * @return empty when only that user can change it, else why not (naming the path at fault)
     */
    static Optional<String> whyNot(Path file, int owner) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return Optional.of(file + " cannot be read (" + e.getMessage() + ")");
        }
        for (Path p = real; p != null; p = p.getParent()) {
            Map<String, Object> attrs;
            try {
                attrs = Files.readAttributes(p, "unix:uid,mode,isDirectory", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of("the owner of " + p + " cannot be read (" + e.getMessage() + ")");
            }
            int uid = (Integer) attrs.get("uid");
            int mode = (Integer) attrs.get("mode");
            boolean directory = (Boolean) attrs.get("isDirectory");
            // the directories above a test's own temporary directory are root's
            if (uid != owner && uid != 0) {
                return Optional.of(p + " belongs to uid " + uid + ", not " + (owner == 0 ? "root" : "uid " + owner));
            }
            if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !(p != real && directory && (mode & STICKY) != 0)) {
                return Optional.of(p + " is writable by " + ((mode & 0002) != 0 ? "everyone" : "its group"));
            }
        }
        return Optional.empty();
    }
}
