package org.mviot.edge.driver.serial.internal.line;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.DriverSettings;
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
    private static final String[] CONNECTION = {"serialPort", "baud", "dataBits", "parity", "stopBits", "flowControl",
        "delimiter", "format", "pattern", "separator", "checksum", "maxLineLength"};
    private static final String[] ADDRESS = {"group", "column", "field", "match", "command"};

    /**
     * @param d the descriptor
     * @return the checked format
     * @throws DriverException carrying every wrong setting, each at its key path
     */
    public static LineFormat of(DeviceDescriptor d) throws DriverException {
        DriverSettings s = DriverSettings.of(d);
        DriverSettings.Section c = s.connection();
        c.onlyKeys(CONNECTION);
        String port = c.required("serialPort", "the serial port of the device, e.g. /dev/ttyUSB0");
        LineSettings line = lineSettings(c);
        String delimiter = unescape(raw(d.connection(), "delimiter", "\\n"));
        if (delimiter.isEmpty()) {
            c.problem("delimiter", "empty; expected the text that ends a line, e.g. \\n or \\r\\n");
        }
        // "binary" is read by FrameFormat; a descriptor reaches here only with one of the text formats
        String f = c.choice("format", "csv", "csv", "regex", "json", "binary");
        Format format = f.equals("binary") ? Format.CSV : Format.valueOf(f.toUpperCase(Locale.ROOT));
        Pattern pattern = null;
        if (format == Format.REGEX) {
            String p = raw(d.connection(), "pattern", null);
            if (c.required("pattern", "a regular expression with groups, for the regex format") != null) {
                try {
                    pattern = Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    c.problem("pattern", "not a regular expression: " + e.getDescription());
                }
            }
        }
        String separator = unescape(raw(d.connection(), "separator", ","));
        boolean nmea = c.choice("checksum", "none", "none", "nmea").equals("nmea");
        int max = c.integer("maxLineLength", 1024, 1, MAX_LINE_LENGTH);
        List<Field> fields = new ArrayList<>();
        for (ChannelSpec ch : d.channels()) {
            DriverSettings.Section a = s.address(ch);
            a.onlyKeys(ADDRESS);
            Pattern match = null;
            if (a.has("match")) {
                try {
                    match = Pattern.compile(raw(ch.address(), "match", ""));
                } catch (PatternSyntaxException e) {
                    a.problem("match", "not a regular expression: " + e.getDescription());
                }
            }
            String command = a.has("command") ? unescape(raw(ch.address(), "command", "")) : null;
            if (ch.access().writable() && command == null) {
                a.problem("command", "missing; a writable channel needs the text to send, e.g. \"SET {value}\\r\\n\"");
            }
            String group = a.string("group", null);
            int column = -1;
            String field = a.string("field", null);
            if (ch.access().readable()) {
                switch (format) {
                    case REGEX -> {
                        if (group == null) {
                            a.problem("group", "missing; name the regex group (number or name) holding the value");
                        } else if (pattern != null && !hasGroup(pattern, group)) {
                            a.problem("group", "the pattern has no group " + DriverSettings.quote(group));
                        }
                    }
                    case CSV -> {
                        if (!a.has("column")) {
                            a.problem("column", "missing; give the column, counted from 0");
                        }
                        column = a.integer("column", 0, 0, MAX_LINE_LENGTH);
                    }
                    case JSON -> {
                        if (field == null) {
                            a.problem("field", "missing; give the JSON field, e.g. \"temp\" or \"sensor.t\"");
                        }
                    }
                }
            }
            fields.add(new Field(ch, group, column, field, match, command));
        }
        s.check();
        return new LineFormat(d.id(), port, line, delimiter, format, pattern, separator, nmea, max, List.copyOf(fields));
    }

    /**
     * Reads the line settings shared by every serial format: {@code baud}, {@code dataBits},
     * {@code parity}, {@code stopBits}, {@code flowControl} (problems go to the section's reader).
     *
     * @param c the connection settings
     * @return the settings (defaults where a value is wrong: the reader's check fails then)
     */
    public static LineSettings lineSettings(DriverSettings.Section c) {
        int baud = c.integer("baud", 9600, 50, 4_000_000);
        int dataBits = c.integer("dataBits", 8, 5, 8);
        LineSettings.Parity parity = c.choice("parity", LineSettings.Parity.class, LineSettings.Parity.NONE);
        LineSettings.StopBits stop = switch (c.choice("stopBits", "1", "1", "1.5", "2")) {
            case "1.5" -> LineSettings.StopBits.ONE_AND_HALF;
            case "2" -> LineSettings.StopBits.TWO;
            default -> LineSettings.StopBits.ONE;
        };
        LineSettings.FlowControl flow = c.choice("flowControl", LineSettings.FlowControl.class, LineSettings.FlowControl.NONE);
        return new LineSettings(baud, dataBits, parity, stop, flow);
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

    /**
     * A text whose surrounding whitespace counts (a delimiter or separator that is a tab or a line end,
     * a command that ends with one), taken as written: {@link DriverSettings}' getters trim.
     */
    private static String raw(Map<String, String> settings, String key, String dflt) {
        String v = settings == null ? null : settings.get(key);
        return v == null ? dflt : v;
    }

    static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }
}
