package org.mviot.edge.launcher.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Imports a provisioning file left on the boot partition of a freshly flashed SD card (for example
 * {@code /boot/firmware/mviot-edge.conf}), so an installer configures a gateway without logging in.
 * The file has the format of {@code gateway.properties}. It is imported only while the gateway has no
 * settings of its own, and renamed to {@code *.applied} afterwards so its credentials do not linger
 * as an active file and it is not imported twice.
 */
public final class BootProvisioning {

    /** Where Raspberry Pi OS mounts the boot partition (Bookworm first, then older releases). */
    public static final List<Path> DEFAULT_LOCATIONS =
            List.of(Path.of("/boot/firmware/mviot-edge.conf"), Path.of("/boot/mviot-edge.conf"));

    private final List<Path> candidates;

    /**
     * @param candidates files to look for, in order
     */
    public BootProvisioning(List<Path> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /**
     * Imports the first provisioning file found into {@code settingsFile} when that does not exist.
     *
     * @param settingsFile the gateway's settings file
     * @return the imported file, if any
     * @throws ConfigException if the provisioning file is invalid (naming file and field)
     * @throws IOException     if the settings cannot be written
     */
    public Optional<Path> importInto(Path settingsFile) throws ConfigException, IOException {
        if (Files.exists(settingsFile)) {
            return Optional.empty();
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                GatewaySettings settings = GatewaySettings.read(candidate);
                settings.write(settingsFile);
                try {
                    Files.move(candidate, candidate.resolveSibling(candidate.getFileName() + ".applied"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    // a read-only boot partition: the settings file now exists, so it is not imported again
                }
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
