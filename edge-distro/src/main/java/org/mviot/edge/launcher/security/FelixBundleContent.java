package org.mviot.edge.launcher.security;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;

/**
 * Finds the jar that Apache Felix actually loads a bundle's classes from, so that what is verified
 * is what runs, whoever installed it and from wherever.
 *
 * <p>Felix 7 keeps each bundle in {@code CACHE/bundleID/versionR.N/}: {@code R} counts refreshes,
 * {@code N} revisions, the largest pair is the current revision; its {@code revision.location} file
 * says where the content is: {@code reference:file:...} (installed in place, as the launcher installs
 * {@code system/}) points at the jar itself, anything else (a URL, or {@code inputstream:} as
 * FileInstall and the shell install) means Felix copied the bytes to {@code bundle.jar} beside it.
 * The OSGi API offers no way to this file; should a Felix upgrade change the layout, this finds
 * nothing and every bundle is refused, loudly: the secure-mode process test fails first.
 */
public final class FelixBundleContent {

    private static final Pattern REVISION = Pattern.compile("version(\\d+)\\.(\\d+)");
    private static final String REFERENCE = "reference:";

    private final Path cache;

    /**
     * @param cache the framework's storage directory ({@code org.osgi.framework.storage})
     */
    public FelixBundleContent(Path cache) {
        this.cache = cache;
    }

    /**
     * @param bundle an installed bundle
     * @return the jar of its current revision; empty when it has none (exploded directory, unknown layout)
     */
    public Optional<Path> jarOf(Bundle bundle) {
        Path archive = cache.resolve("bundle" + bundle.getBundleId());
        Optional<Path> revision;
        try (Stream<Path> dirs = Files.list(archive)) {
            revision = dirs.filter(d -> REVISION.matcher(d.getFileName().toString()).matches())
                    .max(Comparator.<Path>comparingLong(d -> part(d, 1)).thenComparingLong(d -> part(d, 2)));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (revision.isEmpty()) {
            return Optional.empty();
        }
        String location;
        try {
            location = Files.readString(revision.get().resolve("revision.location"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return Optional.empty();
        }
        Path jar;
        if (location.startsWith(REFERENCE)) {
            try {
                jar = Path.of(URI.create(location.substring(REFERENCE.length())));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        } else {
            jar = revision.get().resolve("bundle.jar");
        }
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    private static long part(Path revisionDir, int group) {
        Matcher m = REVISION.matcher(revisionDir.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(group)) : -1;
    }
}
