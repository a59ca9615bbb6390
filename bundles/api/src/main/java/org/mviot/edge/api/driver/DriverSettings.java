package org.mviot.edge.api.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DurationSyntax;

/**
 * Reads a device's driver settings (its {@code connection} map and each channel's {@code address}
 * map) into typed values, and collects every problem instead of stopping at the first, each at its
 * key path ({@code connection.port: expected an integer 1..65535, got "abc"}).
 *
 * <p>A getter that finds a wrong value records the problem and returns the default, so a driver
 * reads all its settings in one pass and then calls {@link #check()}:
 *
 * <pre>{@code
 * DriverSettings s = DriverSettings.of(device);
 * Section c = s.connection();
 * c.onlyKeys("host", "port", "timeout");
 * String host = c.host("host");
 * int port = c.port("port", 502);
 * Duration timeout = c.duration("timeout", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofSeconds(60));
 * for (ChannelSpec ch : device.channels()) {
 *     int register = s.address(ch).integer("register", -1, 0, 65535);
 * }
 * s.check(); // throws DriverException with every problem, or returns
 * }</pre>
 *
 * Durations use the core's grammar ({@link DurationSyntax}). Values quoted in messages are
 * shortened and escaped, so a hostile setting cannot flood a log line. Not thread-safe: one driver
 * call reads one device's settings.
 */
public final class DriverSettings {

    private static final int QUOTE_MAX = 40;
    /** A host name or an IP address literal (IPv6 in brackets or bare), not checked for resolution. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]{1,253}|\\[?[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9]{1,16})?]?");

    private final String device;
    private final Map<String, String> connection;
    private final List<SettingProblem> problems = new ArrayList<>();

    /**
     * @param device     the device id, named in {@link #check()}'s exception
     * @param connection the device's connection settings
     */
    public DriverSettings(String device, Map<String, String> connection) {
        this.device = Objects.requireNonNull(device, "device");
        this.connection = connection == null ? Map.of() : connection;
    }

    /**
     * @param device a device descriptor
     * @return a reader of its settings
     */
    public static DriverSettings of(DeviceDescriptor device) {
        return new DriverSettings(device.id(), device.connection());
    }

    /**
     * @return the device's {@code connection} settings, at key path {@code connection}
     */
    public Section connection() {
        return new Section("connection", connection);
    }

    /**
     * @param channel a channel of the device
     * @return the channel's {@code address} settings, at key path {@code channels.<name>.address}
     */
    public Section address(ChannelSpec channel) {
        return new Section("channels." + channel.name() + ".address", channel.address());
    }

    /**
     * Records a problem a driver found itself (two settings that contradict each other).
     *
     * @param path    key path
     * @param message what is wrong and what was expected
     */
    public void problem(String path, String message) {
        problems.add(new SettingProblem(path, message));
    }

    /**
     * @return the problems found so far, in the order found
     */
    public List<SettingProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * @throws DriverException carrying every problem found, when there is any
     */
    public void check() throws DriverException {
        if (!problems.isEmpty()) {
            throw new DriverException(device, problems);
        }
    }

    /**
     * Quotes a user's value for a message: in double quotes, at most {@value #QUOTE_MAX} characters,
     * control characters and quotes escaped.
     *
     * @param value the value
     * @return the quoted value
     */
    public static String quote(String value) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(value.length(), QUOTE_MAX);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(value.length() > QUOTE_MAX ? "…\"" : "\"").toString();
    }

    /** One map of settings at a key path; its getters record problems in the enclosing reader. */
    public final class Section {

        private final String path;
        private final Map<String, String> values;

        Section(String path, Map<String, String> values) {
            this.path = path;
            this.values = values == null ? Map.of() : values;
        }

        /**
         * @return the key path of this section, e.g. {@code connection}
         */
        public String path() {
            return path;
        }

        /**
         * @param key a key
         * @return whether the key is set
         */
        public boolean has(String key) {
            return values.containsKey(key);
        }

        /**
         * Reports every key not in {@code known}, so a typing mistake is not silently ignored.
         *
         * @param known the keys the driver reads
         */
        public void onlyKeys(String... known) {
            Set<String> k = Set.of(known);
            for (String key : new TreeSet<>(values.keySet())) {
                if (!k.contains(key)) {
                    problem(key, "unknown key (expected one of " + new TreeSet<>(Arrays.asList(known)) + ")");
                }
            }
        }

        /**
         * Records a problem the driver found itself with a key of this section.
         *
         * @param key     the key
         * @param message what is wrong and what was expected
         */
        public void problem(String key, String message) {
            DriverSettings.this.problem(path + "." + key, message);
        }

        private String text(String key) {
            String v = values.get(key);
            return v == null ? null : v.trim();
        }

        /**
         * @param key  a key
         * @param dflt the value when the key is not set
         * @return the text as given (surrounding whitespace removed)
         */
        public String string(String key, String dflt) {
            String v = text(key);
            return v == null ? dflt : v;
        }

        /**
         * @param key  a key that must be set to a non-blank text
         * @param what what the setting is for, ending the "missing" message (e.g. {@code the serial port, e.g. /dev/ttyUSB0})
         * @return the text, or {@code null} when missing (and recorded)
         */
        public String required(String key, String what) {
            String v = text(key);
            if (v == null || v.isEmpty()) {
                problem(key, "missing; expected " + what);
                return null;
            }
            return v;
        }

        /**
         * @param key  a key
         * @param dflt the value when the key is not set
         * @param min  smallest allowed value
         * @param max  largest allowed value
         * @return the value, or {@code dflt} when unset or wrong (and recorded)
         */
        public long longInteger(String key, long dflt, long min, long max) {
            String v = text(key);
            if (v == null) {
                return dflt;
            }
            try {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(key, "expected an integer " + min + ".." + max + ", got " + quote(values.get(key)));
            return dflt;
        }

        /**
         * @param key  a key
         * @param dflt the value when the key is not set
         * @param min  smallest allowed value
         * @param max  largest allowed value
         * @return the value, or {@code dflt} when unset or wrong (and recorded)
         */
        public int integer(String key, int dflt, int min, int max) {
            return (int) longInteger(key, dflt, min, max);
        }

        /**
         * @param key  a key
         * @param dflt the value when the key is not set
         * @param min  smallest allowed value
         * @param max  largest allowed value
         * @return the value (finite), or {@code dflt} when unset or wrong (and recorded)
         */
        public double number(String key, double dflt, double min, double max) {
            String v = text(key);
            if (v == null) {
                return dflt;
            }
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d) && d >= min && d <= max) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            String range = min == -Double.MAX_VALUE && max == Double.MAX_VALUE ? "" : " " + min + ".." + max;
            problem(key, "expected a number" + range + ", got " + quote(values.get(key)));
            return dflt;
        }

        /**
         * @param key  a key
         * @param dflt the value when the key is not set
         * @return the value, {@code true} or {@code false} in any case; {@code dflt} when unset or wrong (and recorded)
         */
        public boolean flag(String key, boolean dflt) {
            String v = text(key);
            if (v == null) {
                return dflt;
            }
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            problem(key, "expected true or false, got " + quote(values.get(key)));
            return dflt;
        }

        /**
         * @param key     a key
         * @param dflt    the value when the key is not set
         * @param allowed the allowed values, compared ignoring case
         * @return the allowed value as spelled in {@code allowed}; {@code dflt} when unset or wrong (and recorded)
         */
        public String choice(String key, String dflt, String... allowed) {
            String v = text(key);
            if (v == null) {
                return dflt;
            }
            for (String a : allowed) {
                if (a.equalsIgnoreCase(v)) {
                    return a;
                }
            }
            problem(key, "expected one of " + String.join(", ", allowed) + ", got " + quote(values.get(key)));
            return dflt;
        }

        /**
         * @param <E>  the enum
         * @param key  a key
         * @param type the enum's class; its constants are written in any case, {@code -} for {@code _}
         * @param dflt the value when the key is not set
         * @return the constant, or {@code dflt} when unset or wrong (and recorded)
         */
        public <E extends Enum<E>> E choice(String key, Class<E> type, E dflt) {
            String v = text(key);
            if (v == null) {
                return dflt;
            }
            String n = v.replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(n)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT));
            }
            problem(key, "expected one of " + String.join(", ", names) + ", got " + quote(values.get(key)));
            return dflt;
        }

        /**
         * @param key  a key, its value in the core's grammar ({@link DurationSyntax})
         * @param dflt the value when the key is not set
         * @param min  shortest allowed duration
         * @param max  longest allowed duration
         * @return the duration, or {@code dflt} when unset or wrong (and recorded)
         */
        public Duration duration(String key, Duration dflt, Duration min, Duration max) {
            String v = text(key);
            if (v == null) {
                return dflt;
            }
            Duration d = DurationSyntax.parse(v).orElse(null);
            if (d == null) {
                problem(key, "expected " + DurationSyntax.EXPECTED + ", got " + quote(values.get(key)));
                return dflt;
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(key, "expected a duration from " + DurationSyntax.format(min) + " to " + DurationSyntax.format(max)
                        + ", got " + quote(values.get(key)));
                return dflt;
            }
            return d;
        }

        /**
         * @param key a key that must be set to a host name or an IP address
         * @return the host, or {@code null} when missing or malformed (and recorded)
         */
        public String host(String key) {
            String v = required(key, "a host name or IP address");
            if (v != null && !HOST.matcher(v).matches()) {
                problem(key, "expected a host name or IP address, got " + quote(values.get(key)));
                return null;
            }
            return v;
        }

        /**
         * @param key  a key
         * @param dflt the port when the key is not set
         * @return a TCP or UDP port 1..65535, or {@code dflt} when unset or wrong (and recorded)
         */
        public int port(String key, int dflt) {
            return integer(key, dflt, 1, 65535);
        }
    }
}
