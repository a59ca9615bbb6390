package org.mviot.edge.launcher.config;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mviot.edge.api.launch.FrameworkProperties;

/**
 * The gateway's own settings, kept in {@code conf/gateway.properties}: its identity, its cloud broker
 * and its hardware profile. Written by {@code mviot-edge provision} or imported once from a
 * provisioning file on the boot partition; read by the launcher, which hands them to bundles as
 * framework properties ({@code mviot.gateway.id}, {@code mviot.broker.uri}, …).
 *
 * @param gatewayId gateway identity: MQTT client id and thing name of the gateway twin
 * @param brokerUri cloud broker URI ({@code tcp://}, {@code ssl://}, {@code mqtt://}, {@code mqtts://}, {@code ws://}, {@code wss://}), or {@code null} when not provisioned
 * @param profile   hardware profile name
 * @param extra     further {@code broker.*} / {@code gateway.*} settings passed through unchanged, and
 *                  {@code local.broker.port} (the local MQTT broker's port, checked)
 */
public record GatewaySettings(String gatewayId, String brokerUri, String profile, Map<String, String> extra) {

    /** Name of the settings file in the configuration directory. */
    public static final String FILE_NAME = "gateway.properties";
    /** Profile used when nothing is provisioned. */
    public static final String DEFAULT_PROFILE = "sim";
    /** Gateway id used when nothing is provisioned. */
    public static final String DEFAULT_ID = "mviot-sim-gateway";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PROFILE = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "mqtt", "mqtts", "ws", "wss");
    private static final Set<String> KNOWN = Set.of("gateway.id", "broker.uri", "profile");
    /** Setting with the local MQTT broker's TCP port (profiles with {@code local.broker=true}). */
    public static final String LOCAL_BROKER_PORT = "local.broker.port";
    /** Port of the local MQTT broker when no setting names one. */
    public static final int DEFAULT_LOCAL_BROKER_PORT = 1883;

    /** @return settings of a gateway nobody has provisioned: the simulator profile, no cloud broker */
    public static GatewaySettings unprovisioned() {
        return new GatewaySettings(DEFAULT_ID, null, DEFAULT_PROFILE, Map.of());
    }

    /**
     * Validates settings given on the command line.
     *
     * @param id      gateway id
     * @param broker  broker URI, {@code null} for none (the cloud link then uses the local broker, if one runs)
     * @param profile profile name, {@code null} for the default
     * @return the settings
     * @throws ConfigException naming the option
     */
    public static GatewaySettings of(String id, String broker, String profile) throws ConfigException {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ConfigException("--id '" + id + "': expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String uriProblem = broker == null ? null : brokerProblem(broker);
        if (uriProblem != null) {
            throw new ConfigException("--broker '" + broker + "': " + uriProblem);
        }
        String p = profile == null ? DEFAULT_PROFILE : profile;
        if (!PROFILE.matcher(p).matches()) {
            throw new ConfigException("--profile '" + p + "': expected lower-case letters, digits and '-'");
        }
        return new GatewaySettings(id, broker, p, Map.of());
    }

    /**
     * Reads and validates a settings file.
     *
     * @param file the file
     * @return the settings
     * @throws ConfigException naming the file and the field
     */
    public static GatewaySettings read(Path file) throws ConfigException {
        PropertiesFile f = PropertiesFile.read(file);
        String id = f.required("gateway.id", ID, "1-64 letters, digits, '.', '_' or '-'");
        String broker = f.optional("broker.uri");
        if (broker != null) {
            String problem = brokerProblem(broker);
            if (problem != null) {
                throw f.error("broker.uri", "is '" + broker + "': " + problem);
            }
        }
        String profile = f.optional("profile");
        if (profile == null) {
            profile = DEFAULT_PROFILE;
        } else if (!PROFILE.matcher(profile).matches()) {
            throw f.error("profile", "is '" + profile + "', expected lower-case letters, digits and '-'");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String key : f.keys()) {
            if (KNOWN.contains(key)) {
                continue;
            }
            if (key.equals(LOCAL_BROKER_PORT)) {
                f.requiredInt(LOCAL_BROKER_PORT, 1, 65_535);
            } else if (key.equals(SecureMode.KEY)) {
                f.requiredOneOf(SecureMode.KEY, "true", "false");
            } else if (key.startsWith("console.")) {
                org.mviot.edge.launcher.console.ConsoleSettingsCheck.check(f, key);
            } else if (!key.startsWith("broker.") && !key.startsWith("gateway.")) {
                throw f.error(key, "is not a known setting; expected gateway.id, broker.uri, profile, local.broker.port, secure.mode, console.*, broker.* or gateway.*");
            }
            extra.put(key, f.optional(key) == null ? "" : f.optional(key));
        }
        return new GatewaySettings(id, broker, profile, Map.copyOf(extra));
    }

    /**
     * Writes the settings atomically (temporary file, then rename), readable by the owner only since
     * broker credentials may follow.
     *
     * @param file target file
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("# mviot-edge gateway settings, written by 'mviot-edge provision'\n");
            w.write("gateway.id=" + gatewayId + "\n");
            if (brokerUri != null) {
                w.write("broker.uri=" + brokerUri + "\n");
            }
            w.write("profile=" + profile + "\n");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(extra).entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            takeOwnershipOfDirectory(tmp);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * {@code sudo mviot-edge provision} runs as root, the service as user {@code mviot}: the settings
     * file takes the owner and group of its directory ({@code /etc/mviot-edge}, owned by the service's
     * user), so the service can read what root wrote. Best effort: an unprivileged user can only
     * change the group to one of its own, and nothing else changes then.
     */
    static void takeOwnershipOfDirectory(Path file) throws IOException {
        java.nio.file.attribute.PosixFileAttributes dir =
                Files.readAttributes(file.toAbsolutePath().getParent(), java.nio.file.attribute.PosixFileAttributes.class);
        java.nio.file.attribute.PosixFileAttributeView view =
                Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class);
        try {
            view.setGroup(dir.group());
        } catch (IOException notMine) {
            // not a member of the directory's group: the file keeps the user's group
        }
        try {
            view.setOwner(dir.owner());
        } catch (IOException notRoot) {
            // only root gives files away: the file stays the user's
        }
    }

    /**
     * Checks a port given on the command line or in the environment.
     *
     * @param option where it came from ({@code --local-broker-port}, {@code MVIOT_LOCAL_BROKER_PORT})
     * @param port   the text
     * @return the port
     * @throws ConfigException naming the option
     */
    public static int localBrokerPort(String option, String port) throws ConfigException {
        try {
            int p = Integer.parseInt(port.trim());
            if (p >= 1 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(option + " '" + port + "': expected a TCP port number from 1 to 65535");
    }

    /** @return the local MQTT broker's port: the setting {@code local.broker.port}, else 1883 */
    public int localBrokerPort() {
        String p = extra.get(LOCAL_BROKER_PORT);
        return p == null ? DEFAULT_LOCAL_BROKER_PORT : Integer.parseInt(p.trim());
    }

    /**
     * @param port the local MQTT broker's port
     * @return these settings with {@code local.broker.port} set
     */
    public GatewaySettings withLocalBrokerPort(int port) {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.put(LOCAL_BROKER_PORT, Integer.toString(port));
        return new GatewaySettings(gatewayId, brokerUri, profile, Map.copyOf(m));
    }

    /**
     * @param more further {@code broker.*} settings (credentials), replacing those of the same name
     * @return these settings with them
     */
    public GatewaySettings with(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.putAll(more);
        return new GatewaySettings(gatewayId, brokerUri, profile, Map.copyOf(m));
    }

    /**
     * @return these settings as framework properties for the bundles (the names in
     *         {@code org.mviot.edge.api.launch.FrameworkProperties}); the profile is the launcher's own
     *         business (it chooses the features), so it is not among them
     */
    public Map<String, String> frameworkProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FrameworkProperties.GATEWAY_ID, gatewayId);
        if (brokerUri != null) {
            m.put(FrameworkProperties.BROKER_URI, brokerUri);
        }
        // broker.* extras become mviot.broker.* (FrameworkProperties.BROKER_PREFIX), local.broker.port mviot.local.broker.port
        extra.forEach((k, v) -> m.put("mviot." + k, v));
        return m;
    }

    private static String brokerProblem(String broker) {
        if (broker == null || broker.isBlank()) {
            return "expected a broker URI such as tcp://broker.example:1883 or ssl://broker.example:8883";
        }
        try {
            URI uri = new URI(broker);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
                return "expected scheme tcp, ssl, mqtt, mqtts, ws or wss";
            }
            if (uri.getHost() == null) {
                return "expected a host name, e.g. tcp://broker.example:1883";
            }
            return null;
        } catch (URISyntaxException e) {
            return "not a URI (" + e.getMessage() + ")";
        }
    }
}
