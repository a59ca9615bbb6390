package org.mviot.edge.broker.local.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two logins of the local broker, kept in a file only the gateway's user may read (mode 0600):
 * {@code client.username}/{@code client.password} for local and LAN clients (what
 * {@code mviot-edge broker-credentials} shows), and {@code gateway.username}/{@code gateway.password}
 * for the gateway's own cloud link. Generated at the first start from {@link SecureRandom}; a person
 * may edit the file (the broker reads it at every start) or delete it to get new passwords.
 *
 * <p>The passwords are never logged and never leave this class except through {@link #check}.
 *
 * @param clientUser      user name of local clients
 * @param clientPassword  their password
 * @param gatewayUser     user name of the gateway's own link
 * @param gatewayPassword its password
 */
public record BrokerCredentials(String clientUser, String clientPassword, String gatewayUser, String gatewayPassword) {

    /** Who a login is. */
    public enum Login {
        /** the gateway's own cloud link: every topic */
        GATEWAY,
        /** a local or LAN client: the topics {@code lan.read} and {@code lan.write} grant */
        CLIENT,
        /** neither: refused */
        NONE
    }

    /** Default user name of local clients. */
    public static final String CLIENT_USER = "client";
    /** Default user name of the gateway's own link. */
    public static final String GATEWAY_USER = "gateway";
    /** Random bytes per generated password: 192 bits, 32 characters of base64url. */
    static final int PASSWORD_BYTES = 24;

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCredentials.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** Keeps the passwords out of {@code toString()} (log lines, exception messages). */
    @Override
    public String toString() {
        return "BrokerCredentials[client " + clientUser + ", gateway " + gatewayUser + ", passwords hidden]";
    }

    /**
     * Reads the logins, generating the file first if it does not exist.
     *
     * @param file   the credentials file
     * @param random where new passwords come from
     * @return the logins
     * @throws IOException naming the file when it cannot be written, read, or lacks a key
     */
    public static BrokerCredentials loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            create(file, random);
        }
        return read(file);
    }

    /**
     * Reads the logins from an existing file; tightens its mode to 0600 if others could read it.
     *
     * @param file the credentials file
     * @return the logins
     * @throws IOException naming the file and the key when it cannot be read or is incomplete
     */
    public static BrokerCredentials read(Path file) throws IOException {
        ownerOnly(file);
        Properties p = new Properties();
        try (Reader r = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
            p.load(r);
        }
        BrokerCredentials c = new BrokerCredentials(required(p, file, "client.username"), required(p, file, "client.password"),
                required(p, file, "gateway.username"), required(p, file, "gateway.password"));
        if (c.clientUser.equals(c.gatewayUser)) {
            throw new IOException(file + ": client.username and gateway.username are both '" + c.clientUser + "': expected two different users");
        }
        return c;
    }

    private static String required(Properties p, Path file, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IOException(file + ": " + key + " is missing or empty (delete the file to have new logins generated at the next start)");
        }
        return v.trim();
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String text = """
                # mviot-edge local MQTT broker logins, generated at the first start. Keep this file private (mode 0600).
                # client.*: for local and LAN clients ('mviot-edge broker-credentials' shows it); gateway.*: the gateway's own link.
                # Edit and restart to change them, or delete this file and restart to get new random passwords.
                client.username=%s
                client.password=%s
                gateway.username=%s
                gateway.password=%s
                """.formatted(CLIENT_USER, password(random), GATEWAY_USER, password(random));
        // created 0600 from the start (no moment in which others could read it), then moved into place whole
        Path tmp = dir.resolve("." + file.getFileName() + ".part");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.info("local broker logins generated: {} (0600; mviot-edge status shows them)", file);
    }

    private static void ownerOnly(Path file) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(mode)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            LOG.warn("local MQTT broker logins {} could be read by others (mode {}): set to 0600", file, PosixFilePermissions.toString(mode));
        }
    }

    static String password(SecureRandom random) {
        byte[] b = new byte[PASSWORD_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Who a CONNECT's login is. Both passwords are compared in constant time, whatever the user name.
     *
     * @param user     the user name, or {@code null}
     * @param password the password bytes, or {@code null}
     * @return the login, {@link Login#NONE} when it is neither or the password is wrong
     */
    public Login check(String user, byte[] password) {
        if (user == null || password == null) {
            return Login.NONE;
        }
        boolean gateway = MessageDigest.isEqual(password, gatewayPassword.getBytes(StandardCharsets.UTF_8));
        boolean client = MessageDigest.isEqual(password, clientPassword.getBytes(StandardCharsets.UTF_8));
        if (gateway && user.equals(gatewayUser)) {
            return Login.GATEWAY;
        }
        if (client && user.equals(clientUser)) {
            return Login.CLIENT;
        }
        return Login.NONE;
    }
}
