package org.mviot.edge.launcher.console;

import java.util.regex.Pattern;

import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.launcher.config.PropertiesFile;

/**
 * The web console's settings in {@code conf/gateway.properties}, checked when the file is read; they reach the
 * console as framework properties {@code mviot.console.*}.
 * <ul>
 * <li>{@code console.port}: HTTPS port, default 8443</li>
 * <li>{@code console.address}: the address to listen on once an admin password is set, default all
 * ({@code 0.0.0.0}); until then always {@code 127.0.0.1}</li>
 * <li>{@code console.session.idle.minutes}: a session's idle timeout, 1 to 1440, default 15</li>
 * <li>{@code console.upload.max.bytes}: the largest bundle jar accepted, 1024 to 1073741824, default 16777216 (16 MiB)</li>
 * </ul>
 */
public final class ConsoleSettingsCheck {

    private static final Pattern ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]{2,39}");

    private ConsoleSettingsCheck() {
    }

    /**
     * @param f   the settings file
     * @param key a {@code console.*} key in it
     * @throws ConfigException naming the file and the key
     */
    public static void check(PropertiesFile f, String key) throws ConfigException {
        switch (key) {
            case "console.port" -> f.requiredInt(key, 1, 65_535);
            case "console.session.idle.minutes" -> f.requiredInt(key, 1, 24 * 60);
            case "console.upload.max.bytes" -> f.requiredInt(key, 1024, 1 << 30);
            case "console.address" -> f.required(key, ADDRESS, "an IPv4 or IPv6 address to listen on, e.g. 0.0.0.0 or 192.168.1.10");
            default -> throw f.error(key, "is not a web console setting; expected console.port, console.address, "
                    + "console.session.idle.minutes or console.upload.max.bytes");
        }
    }
}
