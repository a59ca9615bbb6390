package org.mviot.edge.driver.coap.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.mviot.edge.api.driver.DriverException;

/**
 * Pre-shared keys, each in its own file under the gateway's {@code conf/keys/} directory, named by a
 * descriptor ({@code "psk.key": "sensor-1.psk"}) so a key never sits in a descriptor that is copied,
 * shown or sent to the cloud. A key file must be readable by its owner only (mode 0600 or 0400):
 * a key others can read is refused, naming the file. The file holds the key as text (one line; a
 * final newline is ignored), or {@code hex:} and hexadecimal digits for a binary key.
 */
final class PskKeys {

    /** Longest key accepted (RFC 4279 allows 2^16-1 bytes; real keys are 16 to 64). */
    static final int MAX_KEY = 256;

    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path directory;

    /**
     * @param directory the directory of key files ({@code conf/keys})
     */
    PskKeys(Path directory) {
        this.directory = directory;
    }

    /**
     * @param device device id, for messages
     * @param name   the key file's name (already checked to be a plain file name)
     * @return the key's bytes
     * @throws DriverException naming the file when it is missing, readable by others, empty or too long
     */
    byte[] read(String device, String name) throws DriverException {
        Path file = directory.resolve(name);
        String where = "device '" + device + "': DTLS key file " + file;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new DriverException(where + " does not exist (or is not a regular file); create it with mode 0600");
            }
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
            perms.retainAll(NOT_OWNER);
            if (!perms.isEmpty()) {
                throw new DriverException(where + " can be read by others than its owner; chmod 600 it");
            }
            if (Files.size(file) > 2L * MAX_KEY + 8) {
                throw new DriverException(where + " is larger than a key (" + MAX_KEY + " bytes at most)");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            byte[] key = text.startsWith("hex:") ? hex(where, text.substring(4)) : text.getBytes(StandardCharsets.UTF_8);
            if (key.length == 0 || key.length > MAX_KEY || text.indexOf('\n') >= 0) {
                throw new DriverException(where + " must hold one key of 1 to " + MAX_KEY + " bytes on one line");
            }
            return key;
        } catch (NoSuchFileException e) {
            throw new DriverException(where + " does not exist; create it with mode 0600");
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
