package org.mviot.edge.launcher.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * Verifies every jar of a directory in full against trust anchors and writes {@link VerifiedBundles}'
 * record beside them. The build runs it on the distribution's {@code system/} right after signing;
 * after replacing the shipped bundles with ones signed by another key, root runs it again:
 * {@code java -cp '/opt/mviot-edge/lib/*' org.mviot.edge.launcher.security.RecordVerifiedBundles
 * /opt/mviot-edge/system /etc/mviot-edge/trust-anchors}. One jar that fails verification fails
 * the whole run (exit 1, naming it and why), and the old record stays as it was.
 */
public final class RecordVerifiedBundles {

    private RecordVerifiedBundles() {
    }

    /**
     * @param args the jars' directory, then one or more trust anchor directories
     * @throws IOException if the directory cannot be read or the record written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RecordVerifiedBundles JAR-DIR TRUST-ANCHOR-DIR...");
            System.exit(2);
        }
        try {
            List<Path> anchorDirs = Stream.of(args).skip(1).map(Path::of).toList();
            int n = record(Path.of(args[0]), TrustAnchors.load(anchorDirs));
            System.out.println(n + " bundle(s) verified and recorded in " + Path.of(args[0]).resolve(VerifiedBundles.FILE));
        } catch (ConfigException e) {
            System.err.println("RecordVerifiedBundles: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * @param directory the jars' directory
     * @param trust     the anchors each jar's signer must chain to
     * @return how many jars were recorded
     * @throws ConfigException naming a jar that is not trusted, or when no anchor is given
     * @throws IOException     if the directory cannot be read or the record written
     */
    static int record(Path directory, TrustAnchors trust) throws ConfigException, IOException {
        if (trust.isEmpty()) {
            throw new ConfigException("no trust anchor found: nothing can be verified");
        }
        BundleSignatureVerifier verifier = new BundleSignatureVerifier(trust);
        List<Path> jars;
        try (Stream<Path> s = Files.list(directory)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        }
        List<VerifiedBundles.Entry> entries = new ArrayList<>();
        for (Path jar : jars) {
            BundleSignatureVerifier.Verdict v = verifier.verify(jar);
            if (!v.trusted()) {
                throw new ConfigException(jar + " fails verification: " + v.reason());
            }
            entries.add(new VerifiedBundles.Entry(VerifiedBundles.sha256(jar), v.holdsUntil(), jar.getFileName().toString()));
        }
        VerifiedBundles.write(directory, trust, entries);
        return entries.size();
    }
}
