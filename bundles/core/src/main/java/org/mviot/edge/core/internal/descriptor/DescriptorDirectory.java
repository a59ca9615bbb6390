package org.mviot.edge.core.internal.descriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.mviot.edge.core.internal.acquisition.PeriodicTask;
import org.mviot.edge.core.internal.log.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code conf/devices/} for device descriptors ({@code *.json}) and reports files that
 * appear, change and disappear. Polling rather than a {@code WatchService}: it behaves the same on
 * every file system (SD cards, bind mounts, network shares where inotify is silent), and the cost of
 * listing one small directory a few times a second is negligible. {@link #scan()} is called by the
 * core's scheduler.
 *
 * <p>Each file is handled on its own: whatever reading, parsing or applying one file throws (a
 * {@link StackOverflowError} included) is reported as a problem of that file and the scan goes on
 * with the next. Files are read by {@link DescriptorFile} and validated by {@link DescriptorValidator}.
 */
public final class DescriptorDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DescriptorDirectory.class);

    /** What a scan found. */
    public interface Listener {
        /**
         * @param origin the file
         * @param config its valid device
         */
        void valid(String origin, DeviceConfig config);

        /**
         * @param origin   the file
         * @param problems what is wrong with it
         */
        void invalid(String origin, List<DescriptorProblem> problems);

        /** @param origin a file that was removed */
        void removed(String origin);
    }

    private record Stamp(long modified, long size) {
    }

    private final Path dir;
    private final DescriptorValidator validator;
    private final Listener listener;
    private final Map<Path, Stamp> known = new HashMap<>();
    private boolean missingReported;

    /**
     * @param dir      the directory
     * @param parser   validates files by the core's rules only
     * @param listener receives what changed
     */
    public DescriptorDirectory(Path dir, DescriptorParser parser, Listener listener) {
        this(dir, new DescriptorValidator(parser, name -> null), listener);
    }

    /**
     * @param dir       the directory
     * @param validator validates files by the core's and their drivers' rules
     * @param listener  receives what changed
     */
    public DescriptorDirectory(Path dir, DescriptorValidator validator, Listener listener) {
        this.dir = dir;
        this.validator = validator;
        this.listener = listener;
    }

    /** @return the watched directory */
    public Path directory() {
        return dir;
    }

    /** Looks for added, changed and removed files once. */
    public synchronized void scan() {
        Set<Path> seen = new HashSet<>();
        if (Files.isDirectory(dir)) {
            missingReported = false;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s.filter(DescriptorDirectory::isDescriptor).sorted()::iterator) {
                    seen.add(p);
                    PeriodicTask.item(() -> check(p), t -> failed(p, t));
                }
            } catch (IOException e) {
                LOG.warn("cannot list device descriptors in {}: {}", dir, e.toString());
                return;
            }
        } else if (!missingReported) {
            missingReported = true;
            LOG.info("no device descriptor directory {} yet; devices appear when it is created", dir);
        }
        for (Path gone : new HashSet<>(known.keySet())) {
            if (!seen.contains(gone)) {
                known.remove(gone);
                PeriodicTask.item(() -> listener.removed(gone.toString()),
                        t -> LOG.error("removing the device of {} failed: {}", LogSafe.line(gone.toString(), 1000), PeriodicTask.describe(t), t));
            }
        }
    }

    private static boolean isDescriptor(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".json") && !n.startsWith(".") && Files.isRegularFile(p);
    }

    private void check(Path p) {
        Stamp stamp;
        try {
            stamp = new Stamp(Files.getLastModifiedTime(p).toMillis(), Files.size(p));
        } catch (IOException e) {
            return; // removed between listing and reading: the next scan sees it gone
        }
        if (stamp.equals(known.get(p))) {
            return;
        }
        known.put(p, stamp);
        String origin = p.toString();
        String text;
        try {
            text = DescriptorFile.read(p, origin);
        } catch (DescriptorException e) {
            listener.invalid(origin, e.problems());
            return;
        }
        DescriptorValidator.Outcome o = validator.validate(origin, text);
        if (o.config() != null) {
            // valid by the core's rules: a driver's problems make it misconfigured when it starts, logged there as these are
            listener.valid(origin, o.config());
        } else {
            listener.invalid(origin, o.problems());
        }
    }

    /** Whatever a file's handling threw is a problem of that file; the scan goes on with the next. */
    private void failed(Path p, Throwable t) {
        String origin = p.toString();
        if (t instanceof StackOverflowError) { // its thousand-frame stack would say nothing more
            LOG.error("device descriptor {} could not be processed: {}", LogSafe.line(origin, 1000), PeriodicTask.describe(t));
        } else {
            LOG.error("device descriptor {} could not be processed: {}", LogSafe.line(origin, 1000), PeriodicTask.describe(t), t);
        }
        listener.invalid(origin, List.of(new DescriptorProblem(origin, "$", "could not be processed: " + PeriodicTask.describe(t))));
    }
}
