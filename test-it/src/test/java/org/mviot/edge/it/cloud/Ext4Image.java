package org.mviot.edge.it.cloud;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small ext4 file system in an image file, loop-mounted: a storage device whose content a test
 * can read from outside. The image file holds exactly what the mounted file system has written to
 * its device; what sits only in the mounted file system's page cache (written, not yet written
 * back, not forced by {@code fsync}) is not in it. A copy of the image taken at some moment is
 * therefore the disk as a power cut at that moment would leave it; mounting the copy replays the
 * ext4 journal, as the next boot would.
 *
 * <p>Needs root ({@code losetup}, {@code mount}). Every loop device and mount made here is undone
 * by its own path in {@link Mount#close()}.
 */
final class Ext4Image {

    private static final long COMMAND_SECONDS = 60;

    private final Path file;

    private Ext4Image(Path file) {
        this.file = file;
    }

    /**
     * Fails, naming the reason, unless this JVM runs as root.
     *
     * @param who what needs it, for the message
     * @throws IOException if the user id cannot be read
     */
    static void requireRoot(String who) throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            throw new AssertionError(who + " must run as root (uid 0), this JVM runs as uid " + uid
                    + ": it loop-mounts an ext4 image file (losetup, mount) to read what reached the storage device. "
                    + "CI runs the build as root; run it with sudo or as root.");
        }
    }

    /**
     * Makes an image file of the given size with an empty ext4 file system in it.
     *
     * @param file  the image file (created)
     * @param bytes its size
     * @return the image
     * @throws Exception if mkfs.ext4 fails
     */
    static Ext4Image create(Path file, long bytes) throws Exception {
        return create(file, bytes, new String[0]);
    }

    /**
     * Makes an image file with an empty ext4 file system made with more {@code mkfs.ext4} options.
     *
     * @param file    the image file (created)
     * @param bytes   its size
     * @param options more options, e.g. {@code -m 0} (no blocks reserved for root: "full" means full for every user)
     * @return the image
     * @throws Exception if mkfs.ext4 fails
     */
    static Ext4Image create(Path file, long bytes, String... options) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        List<String> cmd = new ArrayList<>(List.of(tool("mkfs.ext4"), "-q", "-F", "-b", "4096", "-E", "lazy_itable_init=0,lazy_journal_init=0"));
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        // inode tables and journal initialised now, so no kernel thread writes them lazily while a test watches the device
        run(cmd.toArray(String[]::new));
        return new Ext4Image(file);
    }

    /** @return the image file */
    Path file() {
        return file;
    }

    /**
     * Copies the image as it is now: the device as a power cut now would leave it.
     *
     * @param copy target file (replaced)
     * @return the copy
     * @throws Exception if cp fails
     */
    Ext4Image copyTo(Path copy) throws Exception {
        // sparse: a 64 MB image holds a few MB of data; the copies are made often and stay small
        run("cp", "--sparse=always", file.toString(), copy.toString());
        return new Ext4Image(copy);
    }

    /**
     * Attaches the image to a free loop device and mounts it (replaying its journal if needed).
     *
     * @param dir mount point (created)
     * @return the mount, to be closed
     * @throws Exception if losetup or mount fails (the loop device is detached again)
     */
    Mount mount(Path dir) throws Exception {
        Files.createDirectories(dir);
        String device = run(tool("losetup"), "--find", "--show", file.toString()).strip();
        try {
            run(tool("mount"), "-t", "ext4", device, dir.toString());
        } catch (Exception | AssertionError e) {
            try {
                run(tool("losetup"), "-d", device);
            } catch (Exception | AssertionError detach) {
                e.addSuppressed(detach);
            }
            throw e;
        }
        return new Mount(device, dir);
    }

    /** A mounted image: its loop device and mount point. */
    static final class Mount implements AutoCloseable {
        private final String device;
        private final Path dir;
        private boolean closed;

        private Mount(String device, Path dir) {
            this.device = device;
            this.dir = dir;
        }

        /** @return the mount point */
        Path dir() {
            return dir;
        }

        /** @return the loop device, e.g. {@code /dev/loop3} */
        String device() {
            return device;
        }

        /**
         * Unmounts (lazily if the file system is still busy) and detaches the loop device; both by
         * their own paths.
         *
         * @throws Exception if either failed (both are attempted)
         */
        @Override
        public void close() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            AssertionError failure = null;
            try {
                run(tool("umount"), dir.toString());
            } catch (AssertionError busy) {
                failure = busy;
                try {
                    // still open by someone: detach it from the tree now, the kernel frees it when released
                    run(tool("umount"), "--lazy", dir.toString());
                } catch (AssertionError e) {
                    failure.addSuppressed(e);
                }
            }
            try {
                // a device still in use is detached as soon as its last user releases it (autoclear)
                run(tool("losetup"), "-d", device);
            } catch (AssertionError e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public String toString() {
            return device + " on " + dir;
        }
    }

    /** Finds a system tool: root's PATH usually has the sbin directories, a CI shell may not. */
    private static String tool(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return name;
    }

    /**
     * Runs a command to its end.
     *
     * @param cmd the command
     * @return its standard output and error
     * @throws AssertionError if it exits non-zero or does not end in time
     */
    static String run(String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ext4-image-cmd", ".out");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("'" + String.join(" ", cmd) + "' did not end within " + COMMAND_SECONDS + " s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("'" + String.join(" ", cmd) + "' exited with " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
