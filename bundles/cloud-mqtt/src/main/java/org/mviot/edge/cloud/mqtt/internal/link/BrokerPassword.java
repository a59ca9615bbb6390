package org.mviot.edge.cloud.mqtt.internal.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The broker password: from its file ({@code broker.password.file}, read at each connection
 * attempt, so a corrected file is used at the next retry without a restart), else the password
 * setting. The password itself never goes into a message or the log.
 */
final class BrokerPassword {

    /** An MQTT password is binary data of at most 65,535 bytes (MQTT v5 §1.5.6). */
    static final int MAX_BYTES = 65_535;

    private BrokerPassword() {
    }

    /**
     * @param settings the link's settings
     * @return the password's bytes, empty for none
     * @throws IOException naming the file when it cannot be read or is too large
     */
    static byte[] of(LinkSettings settings) throws IOException {
        Path file = settings.passwordFile();
        if (file == null) {
            return settings.password().getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES + 2) {
                throw new IOException("broker.password.file " + file + " is larger than an MQTT password (" + MAX_BYTES + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("broker.password.file " + file + " does not exist", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("broker.password.file " + file + " cannot be read by this user (permission denied)", e);
        }
        // an editor's or echo's final line break is not part of the password
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
