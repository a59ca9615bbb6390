package org.mviot.edge.driver.coap.internal.payload;

import java.math.BigDecimal;
import java.util.Locale;

import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.driver.DriverSettings;

/**
 * Converts what a payload carries (text, a JSON number, a JSON boolean) to a channel's type, strictly:
 * a fractional number is not an integer, {@code NaN} and {@code 1e999} are not numbers, {@code "yes"}
 * is not a boolean.
 */
public final class Values {

    /** Longest text accepted for a string channel: a twin property, not a file transfer. */
    public static final int MAX_STRING = 4096;

    private Values() {
    }

    /**
     * @param text text from a payload (already trimmed where the format allows)
     * @param type the channel's type
     * @return the value, carried as the type's Java class
     * @throws MalformedPayloadException when the text is not a value of that type
     */
    public static Object fromText(String text, ChannelType type) throws MalformedPayloadException {
        switch (type) {
            case BOOLEAN:
                switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "on":
                        return Boolean.TRUE;
                    case "false", "0", "off":
                        return Boolean.FALSE;
                    default:
                        throw new MalformedPayloadException("expected true/false/1/0/on/off, got " + DriverSettings.quote(text));
                }
            case INTEGER:
                return fromNumber(number(text), type);
            case DOUBLE:
                return fromNumber(number(text), type);
            default:
                if (text.length() > MAX_STRING) {
                    throw new MalformedPayloadException("text of " + text.length() + " characters, more than " + MAX_STRING);
                }
                return text;
        }
    }

    /**
     * @param n    a number from a payload
     * @param type the channel's type
     * @return the value, carried as the type's Java class
     * @throws MalformedPayloadException when the number does not fit the type
     */
    public static Object fromNumber(BigDecimal n, ChannelType type) throws MalformedPayloadException {
        switch (type) {
            case INTEGER:
                try {
                    return n.longValueExact();
                } catch (ArithmeticException e) {
                    throw new MalformedPayloadException("expected an integer that fits 64 bits, got " + DriverSettings.quote(n.toString()));
                }
            case DOUBLE:
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new MalformedPayloadException("number out of range: " + DriverSettings.quote(n.toString()));
                }
                return d;
            case BOOLEAN:
                if (n.compareTo(BigDecimal.ZERO) == 0) {
                    return Boolean.FALSE;
                }
                if (n.compareTo(BigDecimal.ONE) == 0) {
                    return Boolean.TRUE;
                }
                throw new MalformedPayloadException("expected a boolean (or 0/1), got " + DriverSettings.quote(n.toString()));
            default:
                return n.toPlainString().length() <= MAX_STRING ? n.toString() : n.toString().substring(0, MAX_STRING);
        }
    }

    /**
     * @param b    a boolean from a payload
     * @param type the channel's type
     * @return the value
     * @throws MalformedPayloadException when the channel is numeric
     */
    public static Object fromBoolean(boolean b, ChannelType type) throws MalformedPayloadException {
        return switch (type) {
            case BOOLEAN -> b;
            case STRING -> Boolean.toString(b);
            default -> throw new MalformedPayloadException("expected a number, got the boolean " + b);
        };
    }

    /**
     * Parses a decimal number strictly (no hexadecimal, no {@code NaN}, no {@code 1d} suffix, which
     * {@link Double#parseDouble} would take).
     *
     * @param text the text
     * @return the number
     * @throws MalformedPayloadException when the text is not a decimal number
     */
    public static BigDecimal number(String text) throws MalformedPayloadException {
        // BigDecimal accepts exponents up to int range; bound the text so "1e2147483647" stays cheap to refuse
        if (text.isEmpty() || text.length() > 400) {
            throw new MalformedPayloadException("expected a number, got " + DriverSettings.quote(text));
        }
        try {
            BigDecimal n = new BigDecimal(text);
            if (Math.abs((long) n.scale()) > 400) {
                throw new MalformedPayloadException("number out of range: " + DriverSettings.quote(text));
            }
            return n;
        } catch (NumberFormatException e) {
            throw new MalformedPayloadException("expected a number, got " + DriverSettings.quote(text));
        }
    }
}
