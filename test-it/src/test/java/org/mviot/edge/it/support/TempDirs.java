package org.mviot.edge.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Temporary directories for Pax Exam configurations, which have no JUnit rule to clean up after them. */
public final class TempDirs {

    private TempDirs() {
    }

    /**
     * Creates a temporary directory that is deleted with its content when the test JVM exits.
     *
     * @param prefix name prefix
     * @return the directory
     * @throws IOException if it cannot be created
     */
    public static Path deletedOnExit(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete " + dir));
        return dir;
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
