package org.mviot.edge.launcher.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.GatewaySettings;
import org.mviot.edge.launcher.framework.FastAead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web console's HTTPS server needs before the framework starts, as framework properties for Felix HTTP
 * Jetty ({@code org.apache.felix.http*}) and for the console bundle ({@code mviot.console.*}): never plain HTTP;
 * HTTPS with TLS 1.2 and 1.3 only on {@code console.port} (default 8443); the certificate of
 * {@code conf/console/console.p12} (the installer's, with its password in {@code console.p12.password}), or a
 * self-signed one the JDK's {@code keytool} makes there at the first start; and the address
 * {@code console.address} (default all) once an admin password is set, {@code 127.0.0.1} until then.
 */
public final class ConsoleServer {

    /** The feature's name. */
    public static final String FEATURE = "web-console";
    /** Default HTTPS port. */
    public static final int DEFAULT_PORT = 8443;
    /** The console's directory in the configuration directory. */
    public static final String DIR = "console";
    /** The key store's file name. */
    public static final String KEYSTORE = "console.p12";
    /** The key store password's file name. */
    public static final String KEYSTORE_PASSWORD = "console.p12.password";
    /** The admin password hash's file name (written by the console bundle's AdminPasswordFile). */
    public static final String PASSWORD_HASH = "admin.pbkdf2";

    /**
     * Jetty's thread pool, all of it started with the server and kept: the selector (which also accepts) and three
     * threads for requests.
     */
    public static final int THREAD_POOL = 4;

    private static final Logger LOG = LoggerFactory.getLogger("org.mviot.edge.launcher");

    private ConsoleServer() {
    }

    /**
     * @param conf      the configuration directory
     * @param settings  the gateway's settings ({@code console.port}, {@code console.address})
     * @param features  the features the gateway runs
     * @param deployed  whether the feature was hot-installed into {@code deploy/}
     * @param portOverride the port from {@code MVIOT_CONSOLE_PORT}, or {@code null}
     * @return framework properties; without the console only the one that turns plain HTTP off
     * @throws ConfigException if the key store cannot be made or read
     */
    public static Map<String, String> frameworkProperties(Path conf, GatewaySettings settings, List<Feature> features, boolean deployed,
            String portOverride)
            throws ConfigException {
        Map<String, String> p = new LinkedHashMap<>();
        // whoever installs an HTTP bundle: never plain HTTP
        p.put("org.apache.felix.http.enable", "false");
        if (!deployed && features.stream().noneMatch(f -> f.name().equals(FEATURE))) {
            return p;
        }
        Path dir = conf.resolve(DIR);
        Path store = dir.resolve(KEYSTORE);
        Path passwordFile = dir.resolve(KEYSTORE_PASSWORD);
        String password = ensureKeyStore(store, passwordFile, settings.gatewayId());
        int port = portOverride != null && !portOverride.isBlank() ? GatewaySettings.localBrokerPort("MVIOT_CONSOLE_PORT", portOverride) : port(settings);
        boolean passwordSet = isPasswordSet(conf);
        String address = passwordSet ? settings.extra().getOrDefault("console.address", "0.0.0.0") : "127.0.0.1";
        String fingerprint = RememberedFingerprint.of(store, password);
        p.put("org.apache.felix.https.enable", "true");
        p.put("org.osgi.service.http.port.secure", Integer.toString(port));
        p.put("org.apache.felix.http.host", address);
        p.put("org.apache.felix.https.keystore", store.toString());
        p.put("org.apache.felix.https.keystore.type", "PKCS12");
        p.put("org.apache.felix.https.keystore.password", password);
        p.put("org.apache.felix.https.keystore.key.password", password);
        p.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
        // Jetty keeps the listed order and the server's preference wins: the cheaper cipher for this JVM first
        p.put("org.apache.felix.https.jetty.ciphersuites.included", String.join(",", ConsoleCipherSuites.ordered(FastAead.ofThisProcess())));
        // a console for a handful of people: no acceptor thread (the one selector accepts), and a pool of
        // THREAD_POOL threads; Felix builds Jetty's pool as new QueuedThreadPool(max), whose minimum, kept running
        // even when idle, is min(8, max). The console's event streams run on threads of their own (StreamSlots), so
        // the pool serves page loads and API calls only.
        p.put("org.apache.felix.http.jetty.acceptors", "0");
        p.put("org.apache.felix.http.jetty.selectors", "1");
        p.put("org.apache.felix.http.jetty.threadpool.max", Integer.toString(THREAD_POOL));
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        p.put("mviot.console.port", Integer.toString(port));
        p.put("mviot.console.address", address);
        p.put("mviot.console.certificate.sha256", fingerprint);
        // three short lines rather than one long one; the last is INFO: a fresh gateway without a console password is normal (log lines stay within 160 characters, GatewayLogProcessTest)
        LOG.info("web console on https://{}:{}/", address.equals("0.0.0.0") ? hostName() : address, port);
        LOG.info("web console certificate SHA-256 {}", fingerprint);
        if (!passwordSet) {
            LOG.info("web console answers on 127.0.0.1 only until an admin password is set: mviot-edge provision --admin-password-file FILE");
        }
        return p;
    }

    /**
     * @param conf the configuration directory
     * @return whether an admin password's hash is stored
     */
    public static boolean isPasswordSet(Path conf) {
        Path f = conf.resolve(DIR).resolve(PASSWORD_HASH);
        try {
            return Files.isRegularFile(f) && Files.size(f) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int port(GatewaySettings settings) throws ConfigException {
        String s = settings.extra().get("console.port");
        return s == null ? DEFAULT_PORT : GatewaySettings.localBrokerPort("console.port in " + GatewaySettings.FILE_NAME, s);
    }

    /** Makes a self-signed certificate with the JDK's keytool unless the installer provided a key store. */
    private static String ensureKeyStore(Path store, Path passwordFile, String gatewayId) throws ConfigException {
        try {
            if (Files.isRegularFile(store)) {
                if (!Files.isRegularFile(passwordFile)) {
                    throw new ConfigException(store + " has no password file " + passwordFile + ": put the key store's password there (mode 0600)");
                }
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(store.getParent());
            // keys and passwords: the directory is its owner's only (keytool writes with the default umask)
            restrict(store.getParent(), "rwx------");
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path tmp = store.resolveSibling("." + KEYSTORE + ".tmp");
            Files.deleteIfExists(tmp);
            String host = hostName();
            String san = "SAN=dns:localhost,ip:127.0.0.1" + (host.matches("[A-Za-z0-9.-]{1,253}") && !host.equals("localhost") ? ",dns:" + host : "");
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-keystore", tmp.toString(),
                    "-storetype", "PKCS12", "-storepass", password, "-alias", "mviot-console", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-validity", "3650", "-dname", "CN=" + gatewayId + ", O=mviot-edge web console", "-ext", san,
                    "-ext", "KeyUsage=digitalSignature", "-ext", "ExtendedKeyUsage=serverAuth");
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readNBytes(8192), StandardCharsets.UTF_8).strip();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(tmp);
                throw new ConfigException("the web console's self-signed certificate could not be made with keytool: " + output);
            }
            Path pwTmp = passwordFile.resolveSibling("." + KEYSTORE_PASSWORD + ".tmp");
            Files.deleteIfExists(pwTmp);
            Files.createFile(pwTmp);
            restrict(pwTmp, "rw-------");
            Files.writeString(pwTmp, password, StandardCharsets.UTF_8);
            Files.move(pwTmp, passwordFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            restrict(tmp, "rw-------");
            Files.move(tmp, store, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.info("web console: self-signed certificate for {} made in {} ms in {}", gatewayId, (System.nanoTime() - start) / 1_000_000, store);
            return password;
        } catch (IOException e) {
            throw new ConfigException("the web console's key store " + store + " cannot be made or read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while making the web console's certificate");
        }
    }

    /**
     * @param store    a PKCS#12 key store
     * @param password its password
     * @return the SHA-256 fingerprint of its first key's certificate, {@code AB:CD:...}
     * @throws ConfigException if it cannot be read
     */
    public static String fingerprint(Path store, String password) throws ConfigException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    Certificate c = ks.getCertificate(alias);
                    byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
                    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
                }
            }
            throw new ConfigException(store + " holds no private key with a certificate for the web console");
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(store + " cannot be read with the password of " + KEYSTORE_PASSWORD + ": " + e.getMessage());
        }
    }

    private static void restrict(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's protection is all there is
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }
}
