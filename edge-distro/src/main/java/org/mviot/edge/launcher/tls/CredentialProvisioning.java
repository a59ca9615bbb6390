package org.mviot.edge.launcher.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * What {@code mviot-edge provision --ca F --cert F --key F --cert-password-file F --username U
 * --password-file F} does with the files: reads and checks them all first (a certificate file
 * holds certificates, the key matches the certificate, a PKCS#12 file opens with its password),
 * then copies them into {@code CONF/keys/} readable by the owner only and returns the settings
 * that reference the copies. A PKCS#12 file is converted with the JDK's {@code KeyStore} into the
 * PEM chain and PKCS#8 key the cloud link reads. Passwords come from files only, never from the
 * command line, and are never printed.
 */
public final class CredentialProvisioning {

    /** The provision options this class reads. */
    public static final List<String> OPTIONS = List.of("ca", "cert", "key", "cert-password-file", "username", "password-file");

    private static final String CA_FILE = "broker-ca.pem";
    private static final String CERT_FILE = "client.pem";
    private static final String KEY_FILE = "client.key";
    private static final String PASSWORD_FILE = "broker.password";
    private static final int MAX_PASSWORD_BYTES = 65_535;

    private final Path conf;

    /** @param conf the configuration directory */
    public CredentialProvisioning(Path conf) {
        this.conf = conf;
    }

    /**
     * @param options the provision command's options
     * @return the settings to add to {@code gateway.properties} ({@link BrokerCredentials}), empty
     *         when no credential option was given
     * @throws ConfigException naming the option and file that cannot be used
     * @throws IOException     if a copy cannot be written
     */
    public Map<String, String> apply(Map<String, String> options) throws ConfigException, IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Path keys = conf.resolve(BrokerCredentials.KEYS_DIR);
        String ca = options.get("ca");
        if (ca != null) {
            Path file = Path.of(ca);
            files.put(CA_FILE, PemMaterial.pem(PemMaterial.certificates(file, "--ca")).getBytes(StandardCharsets.US_ASCII));
            settings.put(BrokerCredentials.CA, keys.resolve(CA_FILE).toString());
        }
        String cert = options.get("cert");
        if (cert != null) {
            Path file = Path.of(cert);
            Client client = isPem(file) ? pem(file, options.get("key")) : pkcs12(file, options.get("key"), options.get("cert-password-file"));
            files.put(CERT_FILE, PemMaterial.pem(client.chain()).getBytes(StandardCharsets.US_ASCII));
            files.put(KEY_FILE, PemMaterial.pem(client.key()).getBytes(StandardCharsets.US_ASCII));
            settings.put(BrokerCredentials.CERTIFICATE, keys.resolve(CERT_FILE).toString());
            settings.put(BrokerCredentials.KEY, keys.resolve(KEY_FILE).toString());
        } else if (options.containsKey("key") || options.containsKey("cert-password-file")) {
            throw new ConfigException("--key and --cert-password-file belong to --cert FILE (the client certificate), which is missing");
        }
        String username = options.get("username");
        if (username != null) {
            if (username.length() > 1024 || username.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException("--username: expected at most 1024 characters without control characters");
            }
            settings.put(BrokerCredentials.USERNAME, username);
        }
        String passwordFile = options.get("password-file");
        if (passwordFile != null) {
            files.put(PASSWORD_FILE, password(Path.of(passwordFile), "--password-file"));
            settings.put(BrokerCredentials.PASSWORD_FILE, keys.resolve(PASSWORD_FILE).toString());
        }
        // every file was read and checked: only now is anything written
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            OwnerOnlyFile.write(keys.resolve(f.getKey()), conf, f.getValue());
        }
        return settings;
    }

    private record Client(List<X509Certificate> chain, PrivateKey key) {
    }

    private static boolean isPem(Path file) throws ConfigException {
        byte[] head = PemMaterial.read(file, "--cert");
        return new String(head, StandardCharsets.US_ASCII).contains("-----BEGIN");
    }

    private static Client pem(Path cert, String key) throws ConfigException {
        if (key == null) {
            throw new ConfigException("--cert " + cert + " is a PEM certificate: its private key is needed too (--key FILE)");
        }
        List<X509Certificate> chain = PemMaterial.certificates(cert, "--cert");
        PrivateKey k = PemMaterial.privateKey(Path.of(key), "--key");
        if (!PemMaterial.matches(k, chain.get(0).getPublicKey())) {
            throw new ConfigException("--key " + key + " does not match the certificate in --cert " + cert + " ("
                    + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        return new Client(chain, k);
    }

    private static Client pkcs12(Path file, String key, String passwordFile) throws ConfigException {
        if (key != null) {
            throw new ConfigException("--cert " + file + " is not PEM, so it is read as PKCS#12, which holds the key itself: leave out --key");
        }
        byte[] bytes = PemMaterial.read(file, "--cert");
        char[] password = passwordFile == null ? new char[0]
                : new String(password(Path.of(passwordFile), "--cert-password-file"), StandardCharsets.UTF_8).toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), password);
            List<String> aliases = new ArrayList<>(Collections.list(ks.aliases()));
            for (String alias : aliases) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Key k = ks.getKey(alias, password);
                Certificate[] chain = ks.getCertificateChain(alias);
                if (!(k instanceof PrivateKey pk) || chain == null || chain.length == 0) {
                    continue;
                }
                List<X509Certificate> certs = Arrays.stream(chain).map(X509Certificate.class::cast).toList();
                if (!PemMaterial.matches(pk, certs.get(0).getPublicKey())) {
                    throw new ConfigException("--cert " + file + ": the key of entry '" + alias + "' does not match its certificate");
                }
                return new Client(certs, pk);
            }
            throw new ConfigException("--cert " + file + ": the PKCS#12 file holds no private key with a certificate");
        } catch (IOException e) {
            // PKCS#12 says a wrong password as an IOException whose cause is UnrecoverableKeyException
            throw new ConfigException("--cert " + file + ": cannot be opened as PKCS#12 (" + (e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password: give the right one with --cert-password-file FILE" : "is it PEM or PKCS#12? " + e.getMessage()) + ")");
        } catch (GeneralSecurityException e) {
            throw new ConfigException("--cert " + file + ": cannot be read as PKCS#12 (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** A password file's content without its final line break (an editor's or echo's, not part of the password). */
    private static byte[] password(Path file, String option) throws ConfigException {
        byte[] bytes = PemMaterial.read(file, option);
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new ConfigException(option + " " + file + ": the file is empty");
        }
        if (end > MAX_PASSWORD_BYTES) {
            throw new ConfigException(option + " " + file + ": longer than an MQTT password (" + MAX_PASSWORD_BYTES + " bytes)");
        }
        return Arrays.copyOf(bytes, end);
    }
}
