package org.mviot.edge.launcher.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A {@code key=value} file read with typed, validating accessors whose errors name the file and the
 * key. Used for gateway settings, hardware profiles and feature descriptors: plain text that an
 * installer can edit with {@code nano} on a gateway.
 */
public final class PropertiesFile {

    private final Path file;
    private final Properties properties;

    private PropertiesFile(Path file, Properties properties) {
        this.file = file;
        this.properties = properties;
    }

    /**
     * Reads a file (UTF-8).
     *
     * @param file the file
     * @return its properties
     * @throws ConfigException if it cannot be read or is not a properties file
     */
    public static PropertiesFile read(Path file) throws ConfigException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot be read as key=value properties (" + e.getMessage() + ")");
        }
        return new PropertiesFile(file, p);
    }

    /** @return the file these properties came from */
    public Path file() {
        return file;
    }

    /** @return every key in the file, sorted */
    public Set<String> keys() {
        return new TreeSet<>(properties.stringPropertyNames());
    }

    /**
     * @param key the key
     * @return the trimmed value, or {@code null} when absent or blank
     */
    public String optional(String key) {
        String v = properties.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * @param key the key
     * @return the trimmed value
     * @throws ConfigException naming the file and key if it is missing
     */
    public String required(String key) throws ConfigException {
        String v = optional(key);
        if (v == null) {
            throw error(key, "is missing");
        }
        return v;
    }

    /**
     * @param key     the key
     * @param pattern what the value must match
     * @param what    a human description of the expected value
     * @return the value
     * @throws ConfigException if missing or not matching
     */
    public String required(String key, Pattern pattern, String what) throws ConfigException {
        String v = required(key);
        if (!pattern.matcher(v).matches()) {
            throw error(key, "is '" + v + "', expected " + what);
        }
        return v;
    }

    /**
     * @param key     the key
     * @param allowed the allowed values
     * @return the value, one of {@code allowed}
     * @throws ConfigException if missing or not allowed
     */
    public String requiredOneOf(String key, String... allowed) throws ConfigException {
        String v = required(key);
        if (!Arrays.asList(allowed).contains(v)) {
            throw error(key, "is '" + v + "', expected one of " + String.join(", ", allowed));
        }
        return v;
    }

    /**
     * @param key the key
     * @param min smallest allowed value
     * @param max largest allowed value
     * @return the integer value
     * @throws ConfigException if missing, not an integer or out of range
     */
    public int requiredInt(String key, int min, int max) throws ConfigException {
        String v = required(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw error(key, "is " + i + ", expected an integer from " + min + " to " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw error(key, "is '" + v + "', expected an integer from " + min + " to " + max);
        }
    }

    /**
     * @param key the key
     * @return the comma-separated list, empty when absent
     */
    public List<String> list(String key) {
        String v = optional(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /**
     * @param key     the offending key
     * @param problem what is wrong with it
     * @return an exception naming file and key
     */
    public ConfigException error(String key, String problem) {
        return new ConfigException(file + ": field '" + key + "' " + problem);
    }
}
