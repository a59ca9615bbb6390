package org.mviot.edge.launcher.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.TrustAnchor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mviot.edge.launcher.config.SmallTextFile;

/**
 * The record of the distribution's own bundles, each verified in full once (at build or install
 * time) by {@link RecordVerifiedBundles}: its SHA-256 and until when that verdict holds, and the
 * trust anchors it was checked against. At start, a jar of the recorded directory whose digest
 * matches is admitted without re-verifying its entries: hashing a jar costs a fraction of checking
 * each entry's signature, and the gateway starts about half a second sooner on a small board.
 *
 * <p>The record is used only when nobody but root can change it ({@link RootOnlyWritable}: the
 * installed tree, {@code /opt/mviot-edge/system}), never from a directory the gateway itself can
 * write; only while every anchor it names is still trusted and before the end of the validity it
 * recorded; and only for jars in its own directory. Everything else (a jar in {@code deploy/}, a
 * shell install, a jar changed since) is verified in full, as without the record.
 *
 * <p>The digest of a jar whose file status is unchanged since this gateway last hashed it is taken from
 * {@link RememberedDigests} instead of reading the jar again ({@link #rememberingDigestsIn}).
 *
 * <p>Format: UTF-8 lines; {@code #} comments; {@code anchor SHA256-OF-CERTIFICATE}; {@code bundle
 * SHA256 UNTIL-EPOCH-SECONDS FILE-NAME}.
 */
public final class VerifiedBundles {

    /** The record's file name, in the directory of the jars it lists ({@code system/}). */
    public static final String FILE = "verified-bundles.txt";

    private static final VerifiedBundles NONE = new VerifiedBundles(null, Map.of(), null);

    private final Path directory;
    private final int owner;
    private final Map<String, Entry> byName;
    private final String unusedBecause;
    private final RememberedDigests digests;

    /**
     * One verified jar.
     *
     * @param sha256     its digest, lower-case hex
     * @param holdsUntil when its verdict stops holding
     * @param fileName   its name in the recorded directory
     */
    public record Entry(String sha256, Instant holdsUntil, String fileName) {
    }

    private VerifiedBundles(Path directory, Map<String, Entry> byName, String unusedBecause) {
        this(directory, 0, byName, unusedBecause);
    }

    private VerifiedBundles(Path directory, int owner, Map<String, Entry> byName, String unusedBecause) {
        this(directory, owner, byName, unusedBecause, RememberedDigests.none());
    }

    private VerifiedBundles(Path directory, int owner, Map<String, Entry> byName, String unusedBecause, RememberedDigests digests) {
        this.directory = directory;
        this.owner = owner;
        this.byName = byName;
        this.unusedBecause = unusedBecause;
        this.digests = digests;
    }

    /**
     * @param remembered the digests this gateway computed at earlier starts
     * @return this record, taking a jar's digest from {@code remembered} while the jar's status is unchanged
     */
    public VerifiedBundles rememberingDigestsIn(RememberedDigests remembered) {
        return new VerifiedBundles(directory, owner, byName, unusedBecause, remembered);
    }

    /** @return where the jars' digests are remembered between starts */
    public RememberedDigests digests() {
        return digests;
    }

    /** @return a record that admits nothing (and has nothing to say about it) */
    public static VerifiedBundles none() {
        return NONE;
    }

    /**
     * Reads the record of a directory, if there is one that may be used.
     *
     * @param directory the directory of the jars ({@code HOME/system})
     * @param trust     the trust anchors in force
     * @return the record; one that admits nothing when absent, unreadable, changeable by others than
     *         root, or made with an anchor that is no longer trusted ({@link #unusedBecause()} says why)
     */
    public static VerifiedBundles load(Path directory, TrustAnchors trust) {
        return load(directory, trust, 0);
    }

    /**
     * @param directory the directory of the jars
     * @param trust     the trust anchors in force
     * @param owner     who must own the record, the jars and the directories above: root (0), but in tests
     * @return the record
     */
    static VerifiedBundles load(Path directory, TrustAnchors trust, int owner) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        Optional<String> notRootOnly = RootOnlyWritable.whyNot(file, owner);
        if (notRootOnly.isPresent()) {
            return new VerifiedBundles(null, Map.of(), notRootOnly.get());
        }
        List<String> lines;
        try {
            lines = SmallTextFile.lines(file);
        } catch (IOException e) {
            return new VerifiedBundles(null, Map.of(), e.getMessage());
        }
        Set<String> trusted = fingerprints(trust);
        Map<String, Entry> entries = new HashMap<>();
        for (String line : lines) {
            String[] f = line.strip().split(" ", 4);
            if (f[0].isEmpty() || f[0].startsWith("#")) {
                continue;
            }
            if (f[0].equals("anchor") && f.length == 2) {
                if (!trusted.contains(f[1])) {
                    return new VerifiedBundles(null, Map.of(), "it was made with a trust anchor (SHA-256 " + f[1] + ") that is no longer trusted");
                }
            } else if (f[0].equals("bundle") && f.length == 4 && f[1].length() == 64) {
                try {
                    entries.put(f[3], new Entry(f[1], Instant.ofEpochSecond(Long.parseLong(f[2])), f[3]));
                } catch (NumberFormatException | java.time.DateTimeException e) {
                    return new VerifiedBundles(null, Map.of(), file + " is malformed");
                }
            } else {
                return new VerifiedBundles(null, Map.of(), file + " is malformed");
            }
        }
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            return new VerifiedBundles(null, Map.of(), directory + " cannot be read (" + e.getMessage() + ")");
        }
        return new VerifiedBundles(real, owner, Map.copyOf(entries), null);
    }

    /** @return why a record that exists is not used, or {@code null} when it is in use or there is none */
    public String unusedBecause() {
        return unusedBecause;
    }

    /** @return how many jars it lists (0 when unused) */
    public int size() {
        return byName.size();
    }

    /**
     * @param jar a bundle's content
     * @param now the time
     * @return whether the jar is one this record lists, in its directory, with the recorded digest,
     *         and its verdict still holds
     */
    public boolean admits(Path jar, Instant now) {
        if (directory == null) {
            return false;
        }
        Entry e = byName.get(jar.getFileName().toString());
        if (e == null || !now.isBefore(e.holdsUntil())) {
            return false;
        }
        try {
            Path real = jar.toRealPath();
            // the directory is root's (checked at load); the jar must be too, or it could change after hashing
            return directory.equals(real.getParent()) && RootOnlyWritable.whyNot(real, owner).isEmpty() && e.sha256().equals(digests.sha256(real));
        } catch (IOException ex) {
            return false;
        }
    }

    /**
     * Writes a record atomically (a temporary file moved over the old one), readable by all.
     *
     * @param directory the directory of the jars
     * @param trust     the anchors the jars were verified against
     * @param entries   the verified jars
     * @throws IOException if it cannot be written
     */
    static void write(Path directory, TrustAnchors trust, List<Entry> entries) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# mviot-edge: the bundles of this directory, each verified in full (every entry signed, the signer");
        lines.add("# chaining to a trust anchor) when this file was written. In secure mode a jar listed here whose SHA-256");
        lines.add("# matches is admitted without re-verifying its entries, while every anchor below is still trusted, before");
        lines.add("# its end of validity (epoch seconds), and only while nobody but root can change this file.");
        lines.add("# Written by: java -cp 'HOME/lib/*' " + RecordVerifiedBundles.class.getName() + " HOME/system TRUST-ANCHOR-DIR...");
        for (String a : fingerprints(trust)) {
            lines.add("anchor " + a);
        }
        for (Entry e : entries) {
            lines.add("bundle " + e.sha256() + " " + e.holdsUntil().getEpochSecond() + " " + e.fileName());
        }
        Path tmp = directory.resolve(FILE + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param file a file
     * @return its SHA-256, lower-case hex
     * @throws IOException if it cannot be read
     */
    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Set<String> fingerprints(TrustAnchors trust) {
        Set<String> out = new LinkedHashSet<>();
        for (TrustAnchor a : trust.anchors()) {
            try {
                out.add(HexFormat.of().formatHex(digest().digest(a.getTrustedCert().getEncoded())));
            } catch (CertificateEncodingException e) {
                // an anchor that cannot be encoded matches no recorded one
            }
        }
        return out;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
