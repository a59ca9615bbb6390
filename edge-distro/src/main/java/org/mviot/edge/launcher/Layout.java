package org.mviot.edge.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.launcher.config.GatewaySettings;

/**
 * Where a gateway's files live. The same layout serves a developer's unpacked distribution (all
 * relative to the home directory) and the Debian package ({@code /opt/mviot-edge} for the program,
 * {@code /etc/mviot-edge} for configuration, {@code /var/lib/mviot-edge} for state).
 *
 * @param home   installation: {@code bin/}, {@code lib/}, {@code system/}, {@code features/}, {@code hardware-profiles/}
 * @param conf   configuration: {@code gateway.properties}, {@code devices/}, extra {@code hardware-profiles/}
 * @param data   state: framework cache, queues, keys
 * @param deploy hot-deploy directory watched for bundles and {@code .cfg} files
 */
public record Layout(Path home, Path conf, Path data, Path deploy) {

    /**
     * Resolves the layout: command-line option, then environment variable, then the default under home.
     *
     * @param options parsed {@code --home}, {@code --conf}, {@code --data}, {@code --deploy} options
     * @param env     the environment ({@code MVIOT_HOME}, {@code MVIOT_CONF}, {@code MVIOT_DATA}, {@code MVIOT_DEPLOY})
     * @return the layout, with absolute paths
     */
    public static Layout resolve(Map<String, String> options, Map<String, String> env) {
        Path home = path(options.get("home"), env.get("MVIOT_HOME"), System.getProperty("mviot.home", "."));
        Path conf = path(options.get("conf"), env.get("MVIOT_CONF"), home.resolve("conf").toString());
        Path data = path(options.get("data"), env.get("MVIOT_DATA"), home.resolve("data").toString());
        Path deploy = path(options.get("deploy"), env.get("MVIOT_DEPLOY"), home.resolve("deploy").toString());
        return new Layout(home, conf, data, deploy);
    }

    private static Path path(String option, String env, String fallback) {
        String v = option != null ? option : (env != null && !env.isBlank() ? env : fallback);
        return Path.of(v).toAbsolutePath().normalize();
    }

    /** @return the bundle jars of the distribution */
    public Path system() {
        return home.resolve("system");
    }

    /** @return the feature descriptors */
    public Path features() {
        return home.resolve("features");
    }

    /** @return directories searched for hardware profiles: the installer's first, then the shipped ones */
    public List<Path> profileDirectories() {
        return List.of(conf.resolve("hardware-profiles"), home.resolve("hardware-profiles"));
    }

    /** @return the gateway's settings file */
    public Path settingsFile() {
        return conf.resolve(GatewaySettings.FILE_NAME);
    }

    /** @return the OSGi framework's bundle cache */
    public Path frameworkCache() {
        return data.resolve("cache");
    }

    /**
     * Creates the writable directories and proves they can be written.
     *
     * @throws ConfigException naming the directory that cannot be written
     */
    public void prepareWritable() throws ConfigException {
        for (Map.Entry<String, Path> d : Map.of("data directory", data, "deploy directory", deploy).entrySet()) {
            Path dir = d.getValue();
            try {
                Files.createDirectories(dir);
                // a fixed name, not createTempFile: that seeds SecureRandom, which costs start-up time
                Path probe = dir.resolve(".write-test-" + ProcessHandle.current().pid());
                Files.deleteIfExists(probe);
                Files.createFile(probe);
                Files.delete(probe);
            } catch (IOException | SecurityException e) {
                throw new ConfigException(d.getKey() + " " + dir + " is not writable (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); give the gateway's user write access or set "
                        + (d.getKey().startsWith("data") ? "--data / MVIOT_DATA" : "--deploy / MVIOT_DEPLOY"));
            }
        }
    }
}
