package org.mviot.edge.launcher.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mviot.edge.launcher.config.SmallTextFile;

/**
 * The SHA-256 of the recorded jars as this gateway last computed them, with what the file system said
 * of each jar then (device, inode, size, modification and status-change time in nanoseconds): a jar
 * whose status is unchanged is not read and hashed again at the next start. Hashing the jars of
 * {@link VerifiedBundles} was a fifth of a secure start's CPU on a C1-only JVM.
 *
 * <p>What a remembered digest can and cannot do. It only stands in for reading a jar that
 * {@link VerifiedBundles} would hash anyway: the jar must still be one the root-only record lists, in
 * the recorded directory, root's and changeable by root only, and its digest must still equal the
 * recorded one. Any change to a jar changes its status-change time (ctime), which no program can set
 * (only a change of the system clock, root's, can forge it), and a jar replaced by another file has
 * another inode: the jar is then hashed again, and if the bytes differ from the record's it is verified
 * in full, exactly as without this file. A ctime without a sub-second part (a file system that keeps
 * whole seconds, where a change in the same second could keep it) is never trusted.
 *
 * <p>This file lives in the gateway's data directory, so the gateway's own user can write it: someone
 * with that user's rights could claim that a jar root replaced (and did not record again) still has
 * the recorded digest. That user can already turn secure mode off ({@code secure.mode=false} in
 * {@code gateway.properties}, a directory the service owns) or add a trust anchor, so the file gives
 * no one more than they have; it is used only when it belongs to the user running the gateway and
 * nobody else may write it (mode 0600 as written). Unreadable, malformed, too large or writable by
 * others: it is ignored with one log line saying why, and every jar is hashed.
 *
 * <p>Format: UTF-8 lines, {@code #} comments, {@code SHA256 DEV INODE SIZE MTIME-NS CTIME-NS PATH}.
 */
public final class RememberedDigests {

    /** Its file name, in the gateway's data directory. */
    public static final String FILE = "verified-bundle-digests.txt";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Path file;
    private final Map<Path, Entry> byPath;
    private final String unusedBecause;
    private final AtomicInteger hashed = new AtomicInteger();
    private volatile boolean changed;

    /** What the file system says of a jar, and its digest when it said so. */
    private record Entry(String sha256, Status status) {
    }

    /** The parts of a file's status that any change to it or its replacement changes. */
    private record Status(long device, long inode, long size, long modifiedNanos, long changedNanos) {

        static Status of(Path file) throws IOException {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
            return new Status((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                    ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
        }

        /** Whole-second status-change times are not precise enough to tell a change in the same second. */
        boolean precise() {
            return changedNanos % NANOS_PER_SECOND != 0;
        }
    }

    private RememberedDigests(Path file, Map<Path, Entry> byPath, String unusedBecause) {
        this.file = file;
        this.byPath = new ConcurrentHashMap<>(byPath);
        this.unusedBecause = unusedBecause;
    }

    /** @return digests remembered nowhere: every jar is hashed, nothing is written */
    public static RememberedDigests none() {
        return new RememberedDigests(null, Map.of(), null);
    }

    /**
     * Reads the remembered digests of a gateway.
     *
     * @param dataDirectory the gateway's data directory
     * @return them; none (but written anew by {@link #save()}) when the file is absent, or ignored
     *         ({@link #unusedBecause()} says why) when it cannot be trusted or read
     */
    public static RememberedDigests load(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new RememberedDigests(file, Map.of(), null);
        }
        Optional<String> untrusted = whyNotOwnersOnly(file);
        if (untrusted.isPresent()) {
            return new RememberedDigests(file, Map.of(), untrusted.get());
        }
        List<String> lines;
        try {
            lines = SmallTextFile.lines(file);
        } catch (IOException e) {
            return new RememberedDigests(file, Map.of(), e.getMessage());
        }
        Map<Path, Entry> entries = new ConcurrentHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ", 7);
            try {
                if (f.length != 7 || !f[0].matches("[0-9a-f]{64}") || !f[6].startsWith("/")) {
                    throw new IllegalArgumentException();
                }
                entries.put(Path.of(f[6]), new Entry(f[0], new Status(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5]))));
            } catch (IllegalArgumentException e) {
                return new RememberedDigests(file, Map.of(), file + " line " + (i + 1) + " is malformed");
            }
        }
        return new RememberedDigests(file, entries, null);
    }

    /** The file must be a regular file of the user running the gateway, writable by nobody else. */
    private static Optional<String> whyNotOwnersOnly(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:uid,mode,isRegularFile", LinkOption.NOFOLLOW_LINKS);
            if (!(Boolean) a.get("isRegularFile")) {
                return Optional.of(file + " is not a regular file");
            }
            // the process's own (effective) user owns /proc/self
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if ((Integer) a.get("uid") != self) {
                return Optional.of(file + " belongs to uid " + a.get("uid") + ", not to the gateway's user (uid " + self + ")");
            }
            if (((Integer) a.get("mode") & 0022) != 0) {
                return Optional.of(file + " is writable by others than its owner");
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** @return why an existing file is ignored, or {@code null} when it is used or there is none */
    public String unusedBecause() {
        return unusedBecause;
    }

    /** @return how many jars were read and hashed since this was loaded (the others' digests were remembered) */
    public int hashed() {
        return hashed.get();
    }

    /**
     * @param jar a jar, its real path
     * @return its SHA-256, lower-case hex: remembered when its status is the one remembered (and precise),
     *         else read, hashed and remembered
     * @throws IOException if it cannot be read
     */
    String sha256(Path jar) throws IOException {
        Status before = Status.of(jar);
        Entry e = byPath.get(jar);
        if (e != null && e.status().equals(before) && before.precise()) {
            return e.sha256();
        }
        String digest = VerifiedBundles.sha256(jar);
        hashed.incrementAndGet();
        // changed while it was read: hashed again next time
        if (file != null && Status.of(jar).equals(before)) {
            byPath.put(jar, new Entry(digest, before));
            changed = true;
        }
        return digest;
    }

    /**
     * Writes the digests computed since {@link #load}, if any, with those remembered of jars that are still
     * there; atomically (a temporary file moved over the old one), mode 0600.
     *
     * @throws IOException if it cannot be written
     */
    public void save() throws IOException {
        if (file == null || !changed) {
            return;
        }
        changed = false;
        List<String> lines = new ArrayList<>();
        lines.add("# mviot-edge: the SHA-256 of the recorded bundles (system/verified-bundles.txt) as this gateway computed them,");
        lines.add("# with the jar's device, inode, size, mtime and ctime (ns) then. A jar whose status is unchanged is not");
        lines.add("# hashed again at start; any other is. Written by the gateway; delete it to have every jar hashed again.");
        byPath.entrySet().stream().filter(en -> Files.exists(en.getKey(), LinkOption.NOFOLLOW_LINKS)).sorted(Map.Entry.comparingByKey())
                .forEach(en -> {
                    Status s = en.getValue().status();
                    lines.add(en.getValue().sha256() + " " + s.device() + " " + s.inode() + " " + s.size() + " " + s.modifiedNanos() + " "
                            + s.changedNanos() + " " + en.getKey());
                });
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
