import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * Signs every jar of a directory in place with one key of a PKCS#12 keystore, in one JVM (the build
 * runs it once with the source launcher: {@code java SignBundles.java KEYSTORE ALIAS STOREPASS DIR}).
 * The signing is the JDK's own {@link JarSigner}, the API behind the {@code jarsigner} tool; this
 * program only saves the JVM start that each {@code jarsigner} run costs (about a second per jar here).
 */
public final class SignBundles {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java SignBundles.java KEYSTORE ALIAS STOREPASS DIR");
            System.exit(2);
        }
        char[] pass = args[2].toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(args[0]))) {
            ks.load(in, pass);
        }
        PrivateKey key = (PrivateKey) ks.getKey(args[1], pass);
        if (key == null) {
            throw new IllegalArgumentException(args[0] + " holds no private key " + args[1]);
        }
        CertPath chain = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(ks.getCertificateChain(args[1])));
        JarSigner signer = new JarSigner.Builder(key, chain).signerName(signerName(args[1])).build();
        List<Path> jars;
        try (Stream<Path> s = Files.list(Path.of(args[3]))) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        jars.parallelStream().forEach(jar -> sign(signer, jar));
        System.out.println(jars.size() + " jar(s) signed in " + args[3] + " as " + args[1]);
    }

    /** The signature files' base name, as jarsigner derives it: up to 8 of A-Z, 0-9, '-' and '_'. */
    private static String signerName(String alias) {
        String upper = alias.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
        return upper.substring(0, Math.min(8, upper.length()));
    }

    private static void sign(JarSigner signer, Path jar) {
        Path signed = jar.resolveSibling(jar.getFileName() + ".signing");
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            signer.sign(in, out);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(jar + ": cannot be signed: " + e, e);
        }
        try {
            Files.move(signed, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(jar + ": cannot be replaced by its signed copy: " + e, e);
        }
    }
}
