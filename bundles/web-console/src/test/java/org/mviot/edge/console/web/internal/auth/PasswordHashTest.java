package org.mviot.edge.console.web.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordHashTest {

    @Test
    void theRightPasswordVerifiesAndAnotherDoesNot() {
        String stored = PasswordHash.hash("correct horse battery".toCharArray(), new SecureRandom());
        assertThat(PasswordHash.verify("correct horse battery".toCharArray(), stored)).isTrue();
        assertThat(PasswordHash.verify("correct horse batterY".toCharArray(), stored)).isFalse();
        assertThat(PasswordHash.verify("".toCharArray(), stored)).isFalse();
    }

    @Test
    void theStoredFormNamesSchemeAndIterationsAndEachHashHasItsOwnSalt() {
        String a = PasswordHash.hash("same password".toCharArray(), new SecureRandom());
        String b = PasswordHash.hash("same password".toCharArray(), new SecureRandom());
        assertThat(a).startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$");
        assertThat(a.split("\\$")).hasSize(4);
        assertThat(a).isNotEqualTo(b);
        assertThat(PasswordHash.ITERATIONS).isGreaterThanOrEqualTo(210_000);
    }

    @Test
    void aStoredHashWithTooFewIterationsOrAnotherFormIsRefused() {
        String stored = PasswordHash.hash("correct horse battery".toCharArray(), new SecureRandom());
        String weakened = stored.replace("$" + PasswordHash.ITERATIONS + "$", "$1000$");
        assertThatThrownBy(() -> PasswordHash.verify("correct horse battery".toCharArray(), weakened)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iterations");
        assertThatThrownBy(() -> PasswordHash.verify("x".toCharArray(), "md5$abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$310000$!!$??")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePasswordFileIsWrittenOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("console").resolve(AdminPasswordFile.FILE_NAME);
        assertThat(AdminPasswordFile.read(file)).isEmpty();
        String said = new AdminPasswordFile().apply(file, "correct horse battery".toCharArray());
        assertThat(said).contains(file.toString()).contains("0600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PasswordHash.verify("correct horse battery".toCharArray(), AdminPasswordFile.read(file).orElseThrow())).isTrue();
        try (var s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(AdminPasswordFile.FILE_NAME);
        }
    }

    @Test
    void aTooShortPasswordIsRefusedAndNothingIsWritten(@TempDir Path dir) {
        Path file = dir.resolve(AdminPasswordFile.FILE_NAME);
        assertThatThrownBy(() -> new AdminPasswordFile().apply(file, "short".toCharArray())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 to 1024 characters");
        assertThat(file).doesNotExist();
    }

    @Test
    void aPasswordFileLosesOneTrailingLineEndOnly() {
        assertThat(AdminPasswordFile.passwordOf("secret pass\r\n".getBytes())).containsExactly("secret pass".toCharArray());
        assertThat(AdminPasswordFile.passwordOf(" spaced \n".getBytes())).containsExactly(" spaced ".toCharArray());
    }
}
