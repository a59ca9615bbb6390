package org.mviot.edge.launcher.config;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The launcher's part of the command policy (the security feature): the framework properties that
 * make a missing authorizer deny and tell the policy component what the profile wants while no
 * policy file exists, and {@code mviot-edge provision --policy FILE}.
 */
public final class CommandPolicy {

    /** The feature that authorizes commands. */
    public static final String FEATURE = "security";
    /** The policy file's name in the configuration directory. */
    public static final String FILE_NAME = "policy.json";
    /** Read by the core: {@code required} makes a missing authorizer deny every command. */
    static final String AUTHORIZER_PROPERTY = "mviot.commands.authorizer";
    /** Read by the security bundle: the profile's {@code policy.missing} ({@code deny} or {@code demo}). */
    static final String MISSING_PROPERTY = "mviot.policy.missing";
    private static final long MAX_BYTES = 1024 * 1024;

    private CommandPolicy() {
    }

    /**
     * @param profile  the hardware profile
     * @param features the features this run starts
     * @return the framework properties to add (none when the security feature is not started)
     */
    public static Map<String, String> frameworkProperties(HardwareProfile profile, List<Feature> features) {
        Map<String, String> m = new LinkedHashMap<>();
        if (features.stream().anyMatch(f -> f.name().equals(FEATURE))) {
            m.put(AUTHORIZER_PROPERTY, "required");
            m.put(MISSING_PROPERTY, profile.policyMissing());
        }
        return m;
    }

    /**
     * Checks a policy with the security bundle's own parser (so provisioning and the gateway can
     * never disagree on what is valid), as if it were already in the configuration directory (key
     * files it names must be there), then copies it in with mode 0600. A running gateway applies it
     * within a second.
     *
     * @param source the policy file to provision
     * @param conf   the configuration directory
     * @param system the directory of the bundles ({@code system/})
     * @return what was provisioned, in words
     * @throws ConfigException naming the file and the JSON path when the policy is invalid
     * @throws IOException     when it cannot be copied
     */
    public static String provision(Path source, Path conf, Path system) throws ConfigException, IOException {
        if (!Files.isRegularFile(source)) {
            throw new ConfigException("provision --policy: " + source + " is not a file");
        }
        if (Files.size(source) > MAX_BYTES) {
            throw new ConfigException("provision --policy: " + source + " is " + Files.size(source) + " bytes, over the limit of " + MAX_BYTES);
        }
        String json = Files.readString(source, StandardCharsets.UTF_8);
        Path target = conf.resolve(FILE_NAME);
        String summary = validate(source, target, json, system).replace(target.toAbsolutePath().toString(), source.toString());
        Files.createDirectories(conf);
        Path tmp = Files.createTempFile(conf, ".policy", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                // sudo provisions, the service's user reads: the file takes the configuration directory's owner
                GatewaySettings.takeOwnershipOfDirectory(tmp);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's protection applies
            }
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return summary + " -> " + target + " (mode 0600)";
    }

    /**
     * What {@code mviot-edge check} says about the command policy: the file checked with the
     * security bundle's parser, or what applies without one.
     *
     * @param conf     the configuration directory
     * @param system   the directory of the bundles
     * @param profile  the hardware profile
     * @param features the features a run would start
     * @return one line, or {@code null} when the security feature is not started
     * @throws ConfigException naming the file and the JSON path when the policy is invalid
     * @throws IOException     when the file or the bundle cannot be read
     */
    public static String check(Path conf, Path system, HardwareProfile profile, List<Feature> features) throws ConfigException, IOException {
        if (features.stream().noneMatch(f -> f.name().equals(FEATURE))) {
            return null;
        }
        Path file = conf.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return "command policy: no " + file + ": " + (profile.policyMissing().equals("demo")
                    ? "the sim profile's permissive demo policy applies" : "every command is DENIED until one is provisioned (mviot-edge provision --policy FILE)");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new ConfigException(file + " is " + Files.size(file) + " bytes, over the limit of " + MAX_BYTES);
        }
        try {
            return "command " + validate(file, file, Files.readString(file, StandardCharsets.UTF_8), system);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage().replace("provision --policy: ", ""));
        }
    }

    private static String validate(Path source, Path target, String json, Path system) throws ConfigException, IOException {
        List<URL> jars = new ArrayList<>();
        for (String prefix : List.of("org.mviot.edge.security-", "org.mviot.edge.api-", "gson-")) {
            jars.add(jar(system, prefix).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(new URL[0]), CommandPolicy.class.getClassLoader())) {
            Class<?> parser = loader.loadClass("org.mviot.edge.security.internal.policy.PolicyParser");
            Object doc = parser.getMethod("parse", Path.class, String.class).invoke(null, target.toAbsolutePath(), json);
            Object policy = doc.getClass().getMethod("policy").invoke(doc);
            Object signatures = doc.getClass().getMethod("signatures").invoke(doc);
            return "policy " + target.toAbsolutePath() + ": " + policy.getClass().getMethod("entries").invoke(policy) + " entries, "
                    + policy.getClass().getMethod("rules").invoke(policy) + " WRITE rules, signatures "
                    + (Boolean.TRUE.equals(signatures.getClass().getMethod("required").invoke(signatures)) ? "required" : "off");
        } catch (InvocationTargetException e) {
            throw new ConfigException("provision --policy: invalid policy: "
                    + String.valueOf(e.getCause().getMessage()).replace(target.toAbsolutePath().toString(), source.toString()));
        } catch (ReflectiveOperationException e) {
            throw new IOException("the security bundle in " + system + " cannot check policies: " + e, e);
        }
    }

    private static Path jar(Path system, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(system)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IOException("no " + prefix + "*.jar in " + system + ": the security feature is not installed"));
        }
    }
}
