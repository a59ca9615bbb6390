package org.mviot.edge.driver.gpio.internal;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pins of the board the gateway runs on, from its hardware profile (handed to the driver by the
 * launcher as Config Admin settings): the 40-pin header map (position → {@code BCMn}, {@code GND},
 * {@code 3V3}, {@code 5V}, {@code ID_SD}, {@code ID_SC}) and the board's name for messages. Resolves
 * a channel's {@code pin} or {@code header} setting to a Broadcom GPIO number, or says plainly why
 * it cannot.
 *
 * <p>A board without a header map (the {@code sim} profile with the mock provider) accepts every
 * BCM number 0..27 and no header positions.
 */
final class BoardPins {

    /** Highest GPIO number on the 40-pin header of every Raspberry Pi. */
    static final int MAX_BCM = 27;
    private static final Pattern ENTRY = Pattern.compile("\\s*([0-9]{1,2})\\s*=\\s*(BCM([0-9]{1,2})|3V3|5V|GND|ID_SD|ID_SC)\\s*");

    private final String board;
    private final Map<Integer, String> header;
    private final Map<Integer, Integer> headerOfBcm;

    private BoardPins(String board, Map<Integer, String> header) {
        this.board = board;
        this.header = Collections.unmodifiableMap(new TreeMap<>(header));
        Map<Integer, Integer> of = new TreeMap<>();
        header.forEach((pos, fn) -> {
            if (fn.startsWith("BCM")) {
                of.put(Integer.parseInt(fn.substring(3)), pos);
            }
        });
        this.headerOfBcm = Collections.unmodifiableMap(of);
    }

    /**
     * @param board  the board's name as the profile gives it ({@code board.model}, and the profile name)
     * @param header the header map as {@code 1=3V3,2=5V,3=BCM2,…}; empty for a board without a header
     * @return the board's pins
     * @throws IllegalArgumentException naming the first malformed entry
     */
    static BoardPins parse(String board, String header) {
        Map<Integer, String> map = new TreeMap<>();
        if (header != null && !header.isBlank()) {
            for (String entry : header.split(",")) {
                Matcher m = ENTRY.matcher(entry);
                if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 40
                        || m.group(3) != null && Integer.parseInt(m.group(3)) > MAX_BCM) {
                    throw new IllegalArgumentException("GPIO driver setting header: entry " + org.mviot.edge.api.driver.DriverSettings.quote(entry)
                            + " is not POSITION=FUNCTION (position 1..40, function BCM0..BCM27, 3V3, 5V, GND, ID_SD or ID_SC)");
                }
                map.put(Integer.parseInt(m.group(1)), m.group(2));
            }
        }
        return new BoardPins(board, map);
    }

    /**
     * @return the board's name, for messages
     */
    String board() {
        return board;
    }

    /**
     * @return whether the profile gives a header map
     */
    boolean hasHeader() {
        return !header.isEmpty();
    }

    /**
     * @param position a header position
     * @return the BCM number at that position
     * @throws IllegalArgumentException saying what is there instead, or that the board has no such position
     */
    int bcmAtHeader(int position) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("header position " + position + ": board " + board
                    + " has no header map in its hardware profile; give the pin by its BCM number (pin)");
        }
        String fn = header.get(position);
        if (fn == null) {
            throw new IllegalArgumentException("header position " + position + " does not exist on board " + board + " (positions 1.."
                    + ((TreeMap<Integer, String>) new TreeMap<>(header)).lastKey() + ")");
        }
        if (!fn.startsWith("BCM")) {
            throw new IllegalArgumentException("header position " + position + " of board " + board + " is " + describe(fn)
                    + ", not a GPIO pin");
        }
        return Integer.parseInt(fn.substring(3));
    }

    /**
     * @param bcm a Broadcom GPIO number
     * @throws IllegalArgumentException when the board does not bring that GPIO out
     */
    void checkBcm(int bcm) {
        if (bcm < 0 || bcm > MAX_BCM) {
            throw new IllegalArgumentException("GPIO " + bcm + " does not exist on board " + board + " (GPIO 0.." + MAX_BCM + ")");
        }
        if (!header.isEmpty() && !headerOfBcm.containsKey(bcm)) {
            // BCM0/1 are the HAT EEPROM's I2C (ID_SD/ID_SC): reserved, not offered as GPIO
            throw new IllegalArgumentException("GPIO " + bcm + " is not on the header of board " + board
                    + (bcm <= 1 ? " (GPIO 0 and 1 are the HAT EEPROM pins ID_SD/ID_SC, reserved)" : ""));
        }
    }

    /**
     * @param bcm a Broadcom GPIO number
     * @return how to name it in messages: {@code GPIO17 (header 11)}
     */
    String name(int bcm) {
        Integer pos = headerOfBcm.get(bcm);
        return "GPIO" + bcm + (pos == null ? "" : " (header " + pos + ")");
    }

    private static String describe(String fn) {
        return switch (fn) {
            case "GND" -> "ground (GND)";
            case "3V3" -> "3.3 V power";
            case "5V" -> "5 V power";
            default -> fn + " (HAT EEPROM, reserved)";
        };
    }
}
