package org.mviot.edge.launcher.config;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Hands the hardware profile's GPIO facts to the GPIO driver: at each {@code run} the launcher writes
 * them as the Config Admin configuration of the driver's PID ({@value #PID}) into the deploy
 * directory, where FileInstall feeds {@code .cfg} files to Config Admin. The driver's component
 * declares the same keys in its metatype ({@code provider}, {@code chip}, {@code board.model},
 * {@code profile}, {@code header}). The file is the launcher's: it follows the profile, so an edit is
 * overwritten at the next run; a board without GPIO ({@code gpio.provider=none}) gets no file, and the
 * driver does not start.
 */
public final class GpioConfiguration {

    /** The GPIO driver's Config Admin PID. */
    public static final String PID = "org.mviot.edge.driver.gpio";
    /** The file FileInstall reads. */
    public static final String FILE = PID + ".cfg";

    private GpioConfiguration() {
    }

    /**
     * @param profile the hardware profile
     * @return the configuration's properties, or an empty map for a board without GPIO
     */
    public static Map<String, String> of(HardwareProfile profile) {
        if (profile.gpioProvider().equals("none")) {
            return Map.of();
        }
        String header = profile.header().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return Map.of("provider", profile.gpioProvider(), "chip", profile.gpioChip(), "board.model", profile.board(),
                "profile", profile.name(), "header", header);
    }

    /**
     * Writes (or removes) the driver's configuration file in the deploy directory, replacing it
     * atomically so FileInstall never reads half a file; an unchanged file is left alone (FileInstall
     * would otherwise update the configuration, and the driver restart, at every run).
     *
     * @param profile the hardware profile
     * @param deploy  the deploy directory
     * @throws IOException if the file cannot be written
     */
    public static void write(HardwareProfile profile, Path deploy) throws IOException {
        Path target = deploy.resolve(FILE);
        Map<String, String> values = of(profile);
        if (values.isEmpty()) {
            Files.deleteIfExists(target);
            return;
        }
        Properties p = new Properties();
        p.putAll(values);
        StringWriter w = new StringWriter();
        try {
            p.store(w, "Written by mviot-edge at each run from hardware profile " + profile.name() + "; edit the profile, not this file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store writes the date first: compare without comment lines
        String text = w.toString();
        if (Files.exists(target) && withoutComments(Files.readString(target, StandardCharsets.ISO_8859_1)).equals(withoutComments(text))) {
            return;
        }
        Files.createDirectories(deploy);
        Path tmp = deploy.resolve(FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String withoutComments(String text) {
        return text.lines().filter(l -> !l.startsWith("#")).sorted().collect(Collectors.joining("\n"));
    }
}
