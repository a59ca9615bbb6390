package org.mviot.edge.launcher.framework;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.mviot.edge.launcher.config.SmallTextFile;

/**
 * The size, modification and status-change time and inode of each distribution jar when the launcher
 * last installed, updated or kept its bundle ({@code <data>/installed-jars.txt}). A jar whose status
 * differs from the remembered one was rewritten or replaced since, even by one with an older or the same
 * modification time (a distribution copied with its times kept, an older package, a rebuild with the
 * reproducible build's fixed timestamps): its bundle is updated, so that what the framework and Declarative
 * Services keep of it (SCR's cache of component descriptors, valid while the bundle's last-modified
 * time is the same) is read anew. Without an entry the launcher's older rule alone applies (a jar
 * newer than the bundle). A file that cannot be read or parsed is ignored (every entry missing) and
 * written anew.
 */
final class InstalledJars {

    /** Its file name, in the gateway's data directory. */
    static final String FILE = "installed-jars.txt";


    private final Path file;
    private final Map<Path, String> statusByJar;
    private final String unusedBecause;
    private volatile boolean changed;

    private InstalledJars(Path file, Map<Path, String> statusByJar, String unusedBecause) {
        this.file = file;
        this.statusByJar = new ConcurrentHashMap<>(statusByJar);
        this.unusedBecause = unusedBecause;
    }

    /**
     * @param dataDirectory the gateway's data directory
     * @return the remembered jars; none when the file is absent, or ignored ({@link #unusedBecause()}) when unreadable
     */
    static InstalledJars load(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new InstalledJars(file, Map.of(), null);
        }
        List<String> lines;
        try {
            lines = SmallTextFile.lines(file);
        } catch (IOException e) {
            return new InstalledJars(file, Map.of(), e.getMessage());
        }
        try {
            Map<Path, String> entries = new ConcurrentHashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ", 2);
                if (f.length != 2 || !f[0].matches("\\d{1,19}:-?\\d{1,19}:-?\\d{1,19}:\\d{1,19}") || !f[1].startsWith("/")) {
                    return new InstalledJars(file, Map.of(), file + " line " + (i + 1) + " is malformed");
                }
                entries.put(Path.of(f[1]), f[0]);
            }
            return new InstalledJars(file, entries, null);
        } catch (RuntimeException e) {
            return new InstalledJars(file, Map.of(), file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** @return why an existing file is ignored, or {@code null} */
    String unusedBecause() {
        return unusedBecause;
    }

    /**
     * @param jar a distribution jar
     * @return whether its size or modification time differs from the remembered one (false when none is remembered)
     * @throws IOException if it cannot be read
     */
    boolean changedSinceRemembered(Path jar) throws IOException {
        String remembered = statusByJar.get(jar.toAbsolutePath());
        return remembered != null && !remembered.equals(status(jar));
    }

    /**
     * @param jar a distribution jar whose bundle is installed as it is now
     * @throws IOException if it cannot be read
     */
    void remember(Path jar) throws IOException {
        String now = status(jar);
        if (!now.equals(statusByJar.put(jar.toAbsolutePath(), now))) {
            changed = true;
        }
    }

    /**
     * Writes the file if anything changed since it was read, atomically.
     *
     * @throws IOException if it cannot be written
     */
    void save() throws IOException {
        if (!changed) {
            return;
        }
        changed = false;
        List<String> lines = new ArrayList<>();
        lines.add("# mviot-edge: SIZE:MTIME-MS:CTIME-NS:INODE of each distribution jar when its bundle was last installed or updated");
        statusByJar.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> lines.add(e.getValue() + " " + e.getKey()));
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Size, modification time (ms), status-change time (ns) and inode: a rewrite changes the ctime, a copy the inode. */
    private static String status(Path jar) throws IOException {
        Map<String, Object> a = Files.readAttributes(jar, "unix:size,lastModifiedTime,ctime,ino");
        return a.get("size") + ":" + ((FileTime) a.get("lastModifiedTime")).toMillis() + ":"
                + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS) + ":" + a.get("ino");
    }
}
