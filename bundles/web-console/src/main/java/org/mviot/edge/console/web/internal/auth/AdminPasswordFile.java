package org.mviot.edge.console.web.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The file that holds the admin password's hash ({@link PasswordHash}), {@code conf/console/admin.pbkdf2}, readable
 * by its owner only (0600). {@code mviot-edge provision --admin-password-file} writes it through this class (the
 * launcher loads it from this bundle's jar and calls it as a {@link BiFunction}, a type both class loaders share, so
 * the format has one home); the console reads it at every login, so a new password applies at once.
 */
public final class AdminPasswordFile implements BiFunction<Path, char[], String> {

    /** The file's name in the console's configuration directory. */
    public static final String FILE_NAME = "admin.pbkdf2";
    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 10;
    /** The longest password accepted (PBKDF2 hashes any length; a bound keeps a login's cost bounded). */
    public static final int MAX_LENGTH = 1024;

    /**
     * Writes the hash of a password (the launcher's entry point).
     *
     * @param file     the file to write
     * @param password the password; cleared afterwards
     * @return what was done, for the user
     * @throws IllegalArgumentException if the password is too short or too long
     */
    @Override
    public String apply(Path file, char[] password) {
        try {
            write(file, password);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot write the admin password's hash (" + e.getMessage() + ")", e);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        return "admin password's hash (PBKDF2-HMAC-SHA256, " + PasswordHash.ITERATIONS + " iterations, salted) stored in " + file
                + " (mode 0600)";
    }

    /**
     * @param file     the file
     * @param password the password
     * @throws IOException if it cannot be written
     * @throws IllegalArgumentException if the password is too short or too long
     */
    public static void write(Path file, char[] password) throws IOException {
        if (password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
            throw new IllegalArgumentException("the admin password must have " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, it has "
                    + password.length);
        }
        String line = PasswordHash.hash(password, new SecureRandom()) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".admin", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's protection is all there is
            }
            Files.writeString(tmp, line, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * @param file the file
     * @return its hash line, empty when no password is set
     * @throws IOException if it exists but cannot be read
     */
    public static Optional<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        if (Files.size(file) > 4096) {
            throw new IOException(file + " is larger than a password hash line");
        }
        String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /**
     * @param text the bytes of a password file
     * @return the password, without a trailing line end
     */
    public static char[] passwordOf(byte[] text) {
        return PasswordHash.fromFile(text);
    }
}
