package org.mviot.edge.launcher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A record file the launcher keeps in its data directory, read whole only when it is small. */
public final class SmallTextFile {

    /** The largest record file read: 1 MiB. */
    public static final long MAX_BYTES = 1 << 20;

    private SmallTextFile() {
    }

    /**
     * @param file a UTF-8 text file
     * @return its lines
     * @throws IOException saying why, the file named: larger than {@link #MAX_BYTES}, or not readable
     */
    public static List<String> lines(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (size > MAX_BYTES) {
            throw new IOException(file + " is larger than 1 MiB");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static IOException unreadable(Path file, IOException e) {
        return new IOException(file + " cannot be read (" + e.getMessage() + ")", e);
    }
}
