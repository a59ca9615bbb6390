package org.mviot.edge.launcher.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A board's facts and the gateway's settings for it, read from {@code hardware-profiles/NAME.properties}.
 * Validated completely at start, so that a typo stops the gateway with a message naming the file and
 * the field instead of surfacing later as a driver that cannot find its pins.
 *
 * @param name        profile name, equal to the file name without {@code .properties}
 * @param board       human-readable board model
 * @param cpuArch     CPU architecture the JVM runs on ({@code aarch64}, {@code armhf}, {@code x86_64}, {@code any})
 * @param ramMb       RAM of the smallest variant of the board, in MiB
 * @param gpioChip    GPIO character device of the 40-pin header, or {@code none}
 * @param gpioProvider pi4j provider that works on the board ({@code gpiod}, {@code linuxfs}, {@code mock}, {@code none})
 * @param serialPorts serial device names worth offering (board UARTs, USB adapters)
 * @param header      40-pin header map: physical pin number → function ({@code BCM17}, {@code GND}, {@code 3V3}, …); empty without a header
 * @param jvmOptions  JVM options the launcher script passes (heap, GC); read by the shell script, checked here
 * @param features    features started on this board
 * @param localBroker whether the embedded local MQTT broker starts
 * @param queueSealing whether the cloud link's queue is encrypted at rest, and with which cipher
 * @param policyMissing what the security feature applies while no command policy file exists:
 *                    {@code deny} (every hardware profile; also when the line is absent) or {@code demo}
 *                    (the sim profile's permissive demo policy)
 * @param timeAndPosition NTP servers and position sources of the clock and position features
 */
public record HardwareProfile(String name, String board, String cpuArch, int ramMb, String gpioChip,
        String gpioProvider, List<String> serialPorts, Map<Integer, String> header, String jvmOptions,
        List<String> features, boolean localBroker, QueueSealingProfile queueSealing, String policyMissing,
        TimeAndPosition timeAndPosition) {

    /** File suffix of profile files. */
    public static final String SUFFIX = ".properties";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern PIN_FUNCTION = Pattern.compile("BCM([0-9]|1[0-9]|2[0-7])|3V3|5V|GND|ID_SD|ID_SC");
    private static final Pattern DEVICE = Pattern.compile("/dev/[A-Za-z0-9_./:-]+");
    private static final Pattern HEAP = Pattern.compile("(^|\\s)-Xmx[0-9]+[kKmMgG](\\s|$)");

    /**
     * Finds and reads a profile by name; the first directory that has it wins, so an installer can
     * add or override boards under the configuration directory.
     *
     * @param name        the profile name
     * @param directories directories to search, in order
     * @return the validated profile
     * @throws ConfigException if not found or invalid
     */
    public static HardwareProfile load(String name, List<Path> directories) throws ConfigException {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("unknown hardware profile '" + name
                    + "': a profile name is lower-case letters, digits and '-'");
        }
        for (Path dir : directories) {
            Path file = dir.resolve(name + SUFFIX);
            if (Files.isRegularFile(file)) {
                return parse(PropertiesFile.read(file));
            }
        }
        throw new ConfigException("unknown hardware profile '" + name + "': no " + name + SUFFIX + " in "
                + directories + " (available: " + available(directories) + ")");
    }

    /**
     * @param directories directories holding profiles
     * @return the names of the profiles found, sorted
     */
    public static List<String> available(List<Path> directories) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (Path dir : directories) {
            try (var s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(SUFFIX))
                        .forEach(f -> names.add(f.substring(0, f.length() - SUFFIX.length())));
            } catch (java.io.IOException e) {
                // a directory that does not exist simply holds no profiles
            }
        }
        return List.copyOf(names);
    }

    /**
     * Validates a profile file.
     *
     * @param f the file's properties
     * @return the profile
     * @throws ConfigException naming the file and the first invalid field
     */
    public static HardwareProfile parse(PropertiesFile f) throws ConfigException {
        String fileName = f.file().getFileName().toString();
        String expected = fileName.endsWith(SUFFIX) ? fileName.substring(0, fileName.length() - SUFFIX.length()) : fileName;
        String name = f.required("profile.name", NAME, "lower-case letters, digits and '-'");
        if (!name.equals(expected)) {
            throw f.error("profile.name", "is '" + name + "', expected '" + expected + "' (the file name)");
        }
        String board = f.required("board.model");
        String arch = f.requiredOneOf("board.cpu.arch", "aarch64", "armhf", "x86_64", "any");
        int ram = f.requiredInt("board.ram.mb", 64, 1 << 20);
        String provider = f.requiredOneOf("gpio.provider", "gpiod", "linuxfs", "mock", "none");
        String chip = f.required("gpio.chip");
        if (!chip.equals("none") && !DEVICE.matcher(chip).matches()) {
            throw f.error("gpio.chip", "is '" + chip + "', expected a device path such as /dev/gpiochip0, or none");
        }
        if (chip.equals("none") != provider.equals("none") && !provider.equals("mock")) {
            throw f.error("gpio.provider", "is '" + provider + "' but gpio.chip is '" + chip
                    + "': a real provider needs a chip, and no chip means provider none or mock");
        }
        List<String> serial = f.list("serial.ports");
        for (String port : serial) {
            if (!DEVICE.matcher(port).matches()) {
                throw f.error("serial.ports", "lists '" + port + "', expected device paths such as /dev/serial0");
            }
        }
        Map<Integer, String> header = header(f);
        String jvm = f.required("jvm.options");
        if (!HEAP.matcher(jvm).find()) {
            throw f.error("jvm.options", "is '" + jvm + "', expected it to bound the heap with -Xmx");
        }
        List<String> features = f.list("features");
        if (features.isEmpty()) {
            throw f.error("features", "is missing, expected a comma-separated list of features to start");
        }
        String broker = f.optional("local.broker");
        if (broker != null && !broker.equals("true") && !broker.equals("false")) {
            throw f.error("local.broker", "is '" + broker + "', expected true or false");
        }
        String policyMissing = f.optional("policy.missing");
        if (policyMissing != null && !policyMissing.equals("deny") && !policyMissing.equals("demo")) {
            throw f.error("policy.missing", "is '" + policyMissing + "', expected deny or demo");
        }
        return new HardwareProfile(name, board, arch, ram, chip, provider, List.copyOf(serial), header, jvm,
                List.copyOf(features), Boolean.parseBoolean(broker), QueueSealingProfile.parse(f), policyMissing == null ? "deny" : policyMissing,
                TimeAndPosition.parse(f));
    }

    private static Map<Integer, String> header(PropertiesFile f) throws ConfigException {
        String layout = f.requiredOneOf("header.layout", "40-pin", "none");
        Map<Integer, String> pins = new TreeMap<>();
        Map<String, Integer> bcmSeen = new HashMap<>();
        for (String key : f.keys()) {
            if (!key.startsWith("header.pin.")) {
                continue;
            }
            int pin;
            try {
                pin = Integer.parseInt(key.substring("header.pin.".length()));
            } catch (NumberFormatException e) {
                throw f.error(key, "is not a pin number, expected header.pin.1 to header.pin.40");
            }
            if (pin < 1 || pin > 40) {
                throw f.error(key, "names pin " + pin + ", expected 1 to 40");
            }
            String fn = f.required(key);
            if (!PIN_FUNCTION.matcher(fn).matches()) {
                throw f.error(key, "is '" + fn + "', expected BCM0..BCM27, 3V3, 5V, GND, ID_SD or ID_SC");
            }
            Integer other = fn.startsWith("BCM") ? bcmSeen.put(fn, pin) : null;
            if (other != null) {
                throw f.error(key, "is " + fn + ", which header.pin." + other + " already is");
            }
            pins.put(pin, fn);
        }
        if (layout.equals("40-pin") && pins.size() != 40) {
            for (int i = 1; i <= 40; i++) {
                if (!pins.containsKey(i)) {
                    throw f.error("header.pin." + i, "is missing: a 40-pin header lists every pin");
                }
            }
        }
        if (layout.equals("none") && !pins.isEmpty()) {
            throw f.error("header.layout", "is none but header.pin.* entries exist");
        }
        return Map.copyOf(pins);
    }
}
