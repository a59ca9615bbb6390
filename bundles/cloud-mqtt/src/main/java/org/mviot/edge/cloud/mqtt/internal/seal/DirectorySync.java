package org.mviot.edge.cloud.mqtt.internal.seal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forces a directory's entries to the device, so a file renamed into it survives power loss. */
final class DirectorySync {

    private DirectorySync() {
    }

    static void force(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the file itself was forced
        }
    }
}
