package org.mviot.edge.launcher.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.mviot.edge.launcher.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console certificate's fingerprint, remembered beside the key store ({@code console.p12.sha256}) for the
 * key store's exact bytes and password. Opening a PKCS#12 key store derives its keys with PBKDF2 (10,000 rounds
 * each for the MAC and the certificate bag): a few hundred milliseconds of a small board's start for an answer
 * that changes only when the installer replaces the key store or its password. A digest of both decides whether
 * the remembered answer still holds; any change, or a record that cannot be read, opens the key store as before
 * (so a key store that does not open with its password is still refused at start).
 */
final class RememberedFingerprint {

    /** The record's file name, in the console's directory. */
    static final String RECORD = ConsoleServer.KEYSTORE + ".sha256";
    private static final Logger LOG = LoggerFactory.getLogger("org.mviot.edge.launcher");

    private RememberedFingerprint() {
    }

    /**
     * @param store    the PKCS#12 key store
     * @param password its password
     * @return the SHA-256 fingerprint of its certificate, {@code AB:CD:...}
     * @throws ConfigException if the key store has to be opened and cannot be
     */
    static String of(Path store, String password) throws ConfigException {
        Path record = store.resolveSibling(RECORD);
        String key;
        try {
            key = key(store, password);
        } catch (IOException e) {
            return ConsoleServer.fingerprint(store, password);
        }
        try {
            String[] remembered = Files.readString(record, StandardCharsets.US_ASCII).strip().split(" ");
            if (remembered.length == 2 && remembered[0].equals(key) && remembered[1].matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")) {
                return remembered[1];
            }
        } catch (IOException e) {
            // no record yet (or unreadable): open the key store
        }
        String fingerprint = ConsoleServer.fingerprint(store, password);
        try {
            Path tmp = record.resolveSibling("." + RECORD + ".tmp");
            Files.writeString(tmp, key + " " + fingerprint + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("web console: the certificate's fingerprint cannot be remembered in {}: {}", record, e.getMessage());
        }
        return fingerprint;
    }

    /** SHA-256 over the key store's bytes and its password: the record holds for exactly these. */
    private static String key(Path store, String password) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(Files.readAllBytes(store));
            d.update((byte) 0);
            d.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
