package org.mviot.edge.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * One gateway per data directory: an OS file lock on {@code <data>/mviot-edge.lock}, taken before
 * the framework cache, the queues or anything else in the data directory is opened, and held until
 * the process ends (the kernel releases it even after {@code kill -9}).
 *
 * <p>Two gateways on one data directory would share the framework cache and write the same
 * store-and-forward queue, and their cloud links would take each other's MQTT session over, so a
 * second {@code run} is refused. The file also says who holds it (pid and start time), for the
 * error message; its content is informative only: the lock, not the file's existence, decides.
 */
public final class InstanceLock implements AutoCloseable {

    /** The lock file's name inside the data directory. */
    public static final String FILE_NAME = "mviot-edge.lock";
    /** The holder description is short; a longer file is not ours and is not quoted in full. */
    private static final int MAX_HOLDER_CHARS = 200;

    /**
     * The lock this process holds: strongly reachable for the process's life, since a channel the
     * garbage collector reclaims is closed by its cleaner, which would release the lock.
     */
    private static volatile InstanceLock held;

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a data directory.
     *
     * @param dataDir the gateway's data directory (exists and is writable)
     * @return the held lock
     * @throws ConfigException when another process holds it, naming that process
     * @throws IOException     when the lock file cannot be opened
     */
    public static InstanceLock acquire(Path dataDir) throws ConfigException, IOException {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // this very process holds it already
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new ConfigException("already running (" + holder(file) + ") on data directory " + dataDir
                    + "; stop it first, or give this one its own --data / MVIOT_DATA");
        }
        String me = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        InstanceLock taken = new InstanceLock(channel, lock);
        held = taken;
        return taken;
    }

    private static String holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) {
                return "pid unknown";
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length() && b.length() < MAX_HOLDER_CHARS; i++) {
                char c = s.charAt(i);
                b.append(Character.isISOControl(c) ? '?' : c);
            }
            return b.toString();
        } catch (IOException | RuntimeException e) {
            return "pid unknown";
        }
    }

    /** Releases the lock (the process's end does it too). */
    @Override
    public void close() throws IOException {
        held = null;
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
