package org.mviot.edge.driver.serial.internal.line;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.serial.LineSettings;

/**
 * How a serial line device's text lines are cut and read, from its descriptor. Connection keys:
 * {@code serialPort}, {@code baud}, {@code dataBits}, {@code parity}, {@code stopBits},
 * {@code flowControl}, {@code delimiter} (default {@code \n}), {@code format} ({@code regex},
 * {@code csv}, {@code json}), {@code pattern}, {@code separator}, {@code checksum} ({@code none} or
 * {@code nmea}), {@code maxLineLength}. Channel address keys: {@code group} (regex), {@code column}
 * (csv, from 0), {@code field} (json, dotted path), {@code match} (a regex the line must contain
 * for this channel), {@code command} (writable channels: text with {@code {value}}).
 *
 * @param device        device id
 * @param port          serial port
 * @param line          line settings
 * @param delimiter     end of a line
 * @param format        how fields are found
 * @param pattern       the regex of the {@code regex} format
 * @param separator     the separator of the {@code csv} format
 * @param nmeaChecksum  whether lines carry an NMEA checksum ({@code *hh}) that must be right
 * @param maxLineLength longest line; longer runs without a delimiter are garbage
 * @param channels      where each channel's value is
 */
public record LineFormat(String device, String port, LineSettings line, String delimiter, Format format, Pattern pattern,
                         String separator, boolean nmeaChecksum, int maxLineLength, List<Field> channels) {

    /** How fields are found in a line. */
    public enum Format {
        /** Groups of a regular expression. */
        REGEX,
        /** Columns separated by a separator. */
        CSV,
        /** Fields of a JSON object. */
        JSON
    }

    /**
     * Where one channel's value is.
     *
     * @param spec    the channel
     * @param group   regex group name or number
     * @param column  CSV column
     * @param field   JSON path
     * @param match   lines this channel is read from, or {@code null} for all
     * @param command text to send on a write, or {@code null}
     */
    public record Field(ChannelSpec spec, String group, int column, String field, Pattern match, String command) {
    }

    /** The longest maxLineLength a device may set: each open line device holds a buffer of this size. */
    static final int MAX_LINE_LENGTH = 65_536;
    private static final Set<String> CONNECTION = Set.of("serialPort", "baud", "dataBits", "parity", "stopBits", "flowControl",
            "delimiter", "format", "pattern", "separator", "checksum", "maxLineLength");
    private static final Set<String> ADDRESS = Set.of("group", "column", "field", "match", "command");

    /**
     * @param d the descriptor
     * @return the checked format
     * @throws DriverException naming every wrong field with device, channel and key
     */
    public static LineFormat of(DeviceDescriptor d) throws DriverException {
        List<String> problems = new ArrayList<>();
        String dev = "device '" + d.id() + "'";
        Map<String, String> c = d.connection();
        c.keySet().stream().filter(k -> !CONNECTION.contains(k)).sorted()
                .forEach(k -> problems.add(dev + " connection." + k + ": unknown key (expected one of " + new java.util.TreeSet<>(CONNECTION) + ")"));
        String port = c.get("serialPort");
        if (port == null || port.isBlank()) {
            problems.add(dev + " connection.serialPort: missing; a serial line device needs its port, e.g. /dev/ttyUSB0");
        }
        LineSettings line = lineSettings(problems, dev, c);
        String delimiter = unescape(c.getOrDefault("delimiter", "\\n"));
        if (delimiter.isEmpty()) {
            problems.add(dev + " connection.delimiter: empty");
        }
        Format format = null;
        String f = c.getOrDefault("format", "csv").toUpperCase(Locale.ROOT);
        try {
            format = Format.valueOf(f);
        } catch (IllegalArgumentException e) {
            problems.add(dev + " connection.format: '" + f.toLowerCase(Locale.ROOT) + "' is not regex, csv, json or binary");
        }
        Pattern pattern = null;
        if (format == Format.REGEX) {
            String p = c.get("pattern");
            if (p == null) {
                problems.add(dev + " connection.pattern: missing; the regex format needs a pattern with groups");
            } else {
                try {
                    pattern = Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    problems.add(dev + " connection.pattern: not a regular expression: " + e.getDescription());
                }
            }
        }
        String separator = unescape(c.getOrDefault("separator", ","));
        String checksum = c.getOrDefault("checksum", "none");
        if (!checksum.equals("none") && !checksum.equals("nmea")) {
            problems.add(dev + " connection.checksum: '" + checksum + "' is neither none nor nmea");
        }
        int max = integer(problems, dev + " connection.maxLineLength", c.get("maxLineLength"), 1024);
        if (max < 1 || max > MAX_LINE_LENGTH) {
            problems.add(dev + " connection.maxLineLength: " + max + " is outside 1.." + MAX_LINE_LENGTH);
        }
        List<Field> fields = new ArrayList<>();
        for (ChannelSpec s : d.channels()) {
            String who = dev + " channel '" + s.name() + "'";
            Map<String, String> a = s.address();
            a.keySet().stream().filter(k -> !ADDRESS.contains(k)).sorted()
                    .forEach(k -> problems.add(who + " address." + k + ": unknown key (expected one of " + new java.util.TreeSet<>(ADDRESS) + ")"));
            Pattern match = null;
            if (a.containsKey("match")) {
                try {
                    match = Pattern.compile(a.get("match"));
                } catch (PatternSyntaxException e) {
                    problems.add(who + " address.match: not a regular expression: " + e.getDescription());
                }
            }
            String command = a.containsKey("command") ? unescape(a.get("command")) : null;
            if (s.access().writable() && command == null) {
                problems.add(who + " address.command: missing; a writable channel needs the text to send, e.g. \"SET {value}\\r\\n\"");
            }
            String group = a.get("group");
            int column = -1;
            String field = a.get("field");
            if (s.access().readable() && format != null) {
                switch (format) {
                    case REGEX -> {
                        if (group == null) {
                            problems.add(who + " address.group: missing; name the regex group (number or name) holding the value");
                        } else if (pattern != null && !hasGroup(pattern, group)) {
                            problems.add(who + " address.group: the pattern has no group '" + group + "'");
                        }
                    }
                    case CSV -> {
                        if (!a.containsKey("column")) {
                            problems.add(who + " address.column: missing; give the column, counted from 0");
                        }
                        column = integer(problems, who + " address.column", a.get("column"), 0);
                    }
                    case JSON -> {
                        if (field == null) {
                            problems.add(who + " address.field: missing; give the JSON field, e.g. \"temp\" or \"sensor.t\"");
                        }
                    }
                }
            }
            fields.add(new Field(s, group, column, field, match, command));
        }
        if (!problems.isEmpty()) {
            throw new DriverException(String.join("; ", problems));
        }
        return new LineFormat(d.id(), port, line, delimiter, format, pattern, separator, checksum.equals("nmea"), max, List.copyOf(fields));
    }

    /**
     * Reads the line settings shared by every serial format: {@code baud}, {@code dataBits},
     * {@code parity}, {@code stopBits}, {@code flowControl}.
     *
     * @param problems where problems go
     * @param dev      {@code device '<id>'}, for messages
     * @param c        the connection settings
     * @return the settings, or {@code null} when they are wrong
     */
    public static LineSettings lineSettings(List<String> problems, String dev, Map<String, String> c) {
        try {
            return new LineSettings(integer(problems, dev + " connection.baud", c.get("baud"), 9600),
                    integer(problems, dev + " connection.dataBits", c.get("dataBits"), 8),
                    LineSettings.Parity.valueOf(c.getOrDefault("parity", "none").toUpperCase(Locale.ROOT)),
                    switch (c.getOrDefault("stopBits", "1")) {
                        case "1.5" -> LineSettings.StopBits.ONE_AND_HALF;
                        case "2" -> LineSettings.StopBits.TWO;
                        default -> LineSettings.StopBits.ONE;
                    },
                    LineSettings.FlowControl.valueOf(c.getOrDefault("flowControl", "none").toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            problems.add(dev + " connection: line settings " + e.getMessage()
                    + " (parity none/even/odd/mark/space, flowControl none/rts_cts/xon_xoff)");
            return null;
        }
    }

    /**
     * Reads the values a line carries.
     *
     * @param text the line without its delimiter
     * @return values by channel name (empty when the line holds none of the channels)
     * @throws IllegalArgumentException naming why the line is garbage
     */
    public Map<String, Object> values(String text) {
        String body = text.strip();
        if (nmeaChecksum) {
            body = checkNmea(body);
        }
        Matcher m = null;
        String[] columns = null;
        Map<String, String> json = null;
        switch (format) {
            case REGEX -> {
                m = pattern.matcher(body);
                if (!m.find()) {
                    throw new IllegalArgumentException("line does not match the pattern");
                }
            }
            case CSV -> columns = body.split(Pattern.quote(separator), -1);
            case JSON -> json = JsonFields.parse(body);
        }
        Map<String, Object> out = new HashMap<>();
        for (Field f : channels) {
            if (!f.spec().access().readable() || f.match() != null && !f.match().matcher(body).find()) {
                continue;
            }
            String raw = switch (format) {
                case REGEX -> group(m, f.group());
                case CSV -> f.column() < columns.length ? columns[f.column()].strip() : null;
                case JSON -> json.get(f.field());
            };
            if (raw == null) {
                throw new IllegalArgumentException("channel '" + f.spec().name() + "' has no value in the line");
            }
            out.put(f.spec().name(), typed(f.spec(), raw));
        }
        return out;
    }

    /**
     * @param f     a writable channel
     * @param value the value
     * @return the text to send
     */
    public static String command(Field f, Object value) {
        return f.command().replace("{value}", String.valueOf(value));
    }

    private static String checkNmea(String body) {
        int star = body.lastIndexOf('*');
        if (!body.startsWith("$") || star < 0 || star + 3 != body.length()) {
            throw new IllegalArgumentException("no NMEA checksum ($...*hh)");
        }
        int sum = 0;
        for (int k = 1; k < star; k++) {
            sum ^= body.charAt(k);
        }
        int given;
        try {
            given = Integer.parseInt(body.substring(star + 1), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("NMEA checksum '" + body.substring(star + 1) + "' is not hex");
        }
        if (sum != given) {
            throw new IllegalArgumentException(String.format("NMEA checksum is %02X, computed %02X", given, sum));
        }
        return body.substring(0, star);
    }

    private static Object typed(ChannelSpec s, String raw) {
        try {
            return switch (s.type()) {
                case STRING -> raw;
                case INTEGER -> Long.parseLong(raw);
                case DOUBLE -> Double.parseDouble(raw);
                case BOOLEAN -> switch (raw.toLowerCase(Locale.ROOT)) {
                    case "1", "true", "on", "yes" -> Boolean.TRUE;
                    case "0", "false", "off", "no" -> Boolean.FALSE;
                    default -> throw new NumberFormatException();
                };
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("channel '" + s.name() + "': '" + raw + "' is not "
                    + (s.type() == ChannelType.INTEGER ? "an " : "a ") + s.type().name().toLowerCase(Locale.ROOT));
        }
    }

    private static String group(Matcher m, String group) {
        return group.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(group)) : m.group(group);
    }

    private static boolean hasGroup(Pattern p, String group) {
        if (group.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(group) <= p.matcher("").groupCount();
        }
        return p.pattern().contains("(?<" + group + ">");
    }

    private static int integer(List<String> problems, String who, String text, int dflt) {
        if (text == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v < 0) {
                problems.add(who + ": " + v + " is negative");
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(who + ": '" + text + "' is not a whole number");
            return dflt;
        }
    }

    static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }
}
