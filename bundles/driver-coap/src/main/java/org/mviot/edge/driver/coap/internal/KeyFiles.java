package org.mviot.edge.driver.coap.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.eclipse.californium.elements.util.SslContextUtil;
import org.mviot.edge.api.driver.DriverException;

/**
 * DTLS secrets and certificates, each in its own file under the gateway's {@code conf/keys/}
 * directory, named by a descriptor ({@code "psk.key": "sensor-1.psk"}, {@code "dtls.key":
 * "gateway.key"}) so a key never sits in a descriptor that is copied, shown or sent to the cloud.
 * A file holding a secret (a pre-shared key, a private key) must be readable by its owner only (mode
 * 0600 or 0400): one others can read is refused, naming the file. Certificates are public and only
 * have to be regular files of a bounded size.
 *
 * <p>A pre-shared key file holds the key as text (one line; a final newline is ignored), or
 * {@code hex:} and hexadecimal digits for a binary key. Private keys and certificates are PEM (a
 * private key as PKCS#8 {@code PRIVATE KEY} or {@code EC PRIVATE KEY}), read with Californium's own
 * PEM support and the JDK's {@link CertificateFactory}.
 */
final class KeyFiles {

    /** Largest certificate or private key file accepted: a chain of a few certificates. */
    static final int MAX_PEM = 64 * 1024;

    /** Longest key accepted (RFC 4279 allows 2^16-1 bytes; real keys are 16 to 64). */
    static final int MAX_KEY = 256;

    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path directory;

    /**
     * @param directory the directory of key files ({@code conf/keys})
     */
    KeyFiles(Path directory) {
        this.directory = directory;
    }

    /**
     * @param device device id, for messages
     * @param name   the key file's name (already checked to be a plain file name)
     * @return the key's bytes
     * @throws DriverException naming the file when it is missing, readable by others, empty or too long
     */
    byte[] read(String device, String name) throws DriverException {
        String where = where(device, "key file", name);
        String text = new String(bytes(where, name, true, 2 * MAX_KEY + 8), StandardCharsets.UTF_8);
        text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        byte[] key = text.startsWith("hex:") ? hex(where, text.substring(4)) : text.getBytes(StandardCharsets.UTF_8);
        if (key.length == 0 || key.length > MAX_KEY || text.indexOf('\n') >= 0) {
            throw new DriverException(where + " must hold one key of 1 to " + MAX_KEY + " bytes on one line");
        }
        return key;
    }

    /**
     * @param device device id, for messages
     * @param name   the file's name (already checked to be a plain file name)
     * @return every PEM certificate in the file, in order (a chain starts with its leaf)
     * @throws DriverException naming the file when it is missing, too large, or holds no certificate
     */
    X509Certificate[] certificates(String device, String name) throws DriverException {
        String where = where(device, "certificate file", name);
        byte[] pem = bytes(where, name, false, MAX_PEM);
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new DriverException(where + " holds no PEM certificate");
            }
            return out.toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new DriverException(where + " is not a PEM certificate (or chain): " + e.getMessage());
        }
    }

    /**
     * @param device device id, for messages
     * @param name   the file's name (already checked to be a plain file name)
     * @return the PEM private key in the file
     * @throws DriverException naming the file when it is missing, readable by others, or holds no private key
     */
    PrivateKey privateKey(String device, String name) throws DriverException {
        String where = where(device, "private key file", name);
        byte[] pem = bytes(where, name, true, MAX_PEM);
        try {
            PrivateKey key = SslContextUtil.loadPemCredentials(new ByteArrayInputStream(pem)).getPrivateKey();
            if (key == null) {
                throw new DriverException(where + " holds no PEM private key (PKCS#8 PRIVATE KEY or EC PRIVATE KEY)");
            }
            return key;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new DriverException(where + " holds no readable PEM private key: " + e.getMessage());
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    private String where(String device, String what, String name) {
        return "device '" + device + "': DTLS " + what + " " + directory.resolve(name);
    }

    private byte[] bytes(String where, String name, boolean secret, int max) throws DriverException {
        Path file = directory.resolve(name);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new DriverException(where + " does not exist (or is not a regular file)" + (secret ? "; create it with mode 0600" : ""));
            }
            if (secret) {
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
                perms.retainAll(NOT_OWNER);
                if (!perms.isEmpty()) {
                    throw new DriverException(where + " can be read by others than its owner; chmod 600 it");
                }
            }
            if (Files.size(file) > max) {
                throw new DriverException(where + " is larger than expected (" + max + " bytes at most)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DriverException(where + " does not exist" + (secret ? "; create it with mode 0600" : ""));
        } catch (UnsupportedOperationException e) {
            throw new DriverException(where + ": the file system has no POSIX permissions to check the key's mode against");
        } catch (IOException e) {
            throw new DriverException(where + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] hex(String where, String digits) throws DriverException {
        if (digits.length() % 2 != 0 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new DriverException(where + ": after hex: an even number of hexadecimal digits is expected");
        }
        byte[] b = new byte[digits.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
        }
        return b;
    }

    /**
     * Overwrites a key once it has been handed to the DTLS stack (which keeps its own copy).
     *
     * @param key the key
     */
    static void erase(byte[] key) {
        Arrays.fill(key, (byte) 0);
    }
}
