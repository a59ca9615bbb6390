package org.mviot.edge.console.web.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.mviot.edge.console.web.internal.auth.AdminPasswordFile;

/**
 * The console's settings, from the framework properties the launcher sets from {@code conf/gateway.properties}
 * ({@code console.port} becomes {@code mviot.console.port}, and so on) and from what it decided at start (the
 * address it bound, the certificate's fingerprint).
 *
 * @param port          HTTPS port (default 8443)
 * @param address       the address the server listens on ({@code 127.0.0.1} while no admin password is set)
 * @param confDir       the console's configuration directory, {@code conf/console}: password hash, key store
 * @param deployDir     the hot-deploy directory (FileInstall's)
 * @param idle          a session's idle timeout (default 15 minutes)
 * @param uploadMax     the largest bundle jar accepted (default 16 MiB)
 * @param fingerprint   SHA-256 of the server certificate, {@code AB:CD:...}, or empty
 */
public record ConsoleSettings(int port, String address, Path confDir, Path deployDir, Duration idle, long uploadMax, String fingerprint) {

    /** Framework property prefix of the console's settings. */
    public static final String PREFIX = "mviot.console.";
    /** Largest JSON body accepted. */
    public static final int MAX_JSON_BYTES = 64 * 1024;

    /**
     * @param properties framework properties
     * @return the settings; bad values fall back to the defaults (the launcher has checked them)
     */
    public static ConsoleSettings of(Function<String, String> properties) {
        String conf = properties.apply("mviot.conf");
        String deploy = properties.apply("felix.fileinstall.dir");
        return new ConsoleSettings(
                (int) number(properties.apply(PREFIX + "port"), 8443, 1, 65_535),
                text(properties.apply(PREFIX + "address"), "127.0.0.1"),
                Path.of(conf == null ? "conf" : conf).resolve("console"),
                Path.of(deploy == null ? "deploy" : deploy),
                Duration.ofMinutes(number(properties.apply(PREFIX + "session.idle.minutes"), 15, 1, 24 * 60)),
                number(properties.apply(PREFIX + "upload.max.bytes"), 16L * 1024 * 1024, 1024, 1L << 30),
                text(properties.apply(PREFIX + "certificate.sha256"), ""));
    }

    /** @return the admin password's hash file */
    public Path passwordFile() {
        return confDir.resolve(AdminPasswordFile.FILE_NAME);
    }

    private static long number(String s, long fallback, long min, long max) {
        try {
            long v = s == null ? fallback : Long.parseLong(s.trim());
            return v < min || v > max ? fallback : v;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String text(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s.trim();
    }
}
