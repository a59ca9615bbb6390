package org.mviot.edge.api.serial;

import java.util.Locale;
import java.util.Objects;

/**
 * The settings of a serial line: speed, character framing and flow control.
 *
 * @param baudRate    bits per second, positive (e.g. 9600, 115200)
 * @param dataBits    data bits per character, 5 to 8
 * @param parity      parity bit
 * @param stopBits    stop bits
 * @param flowControl flow control
 */
public record LineSettings(int baudRate, int dataBits, Parity parity, StopBits stopBits, FlowControl flowControl) {

    /** The parity bit of each character. */
    public enum Parity {
        /** No parity bit. */
        NONE,
        /** Even parity. */
        EVEN,
        /** Odd parity. */
        ODD,
        /** Parity bit always 1. */
        MARK,
        /** Parity bit always 0. */
        SPACE
    }

    /** The stop bits after each character. */
    public enum StopBits {
        /** One stop bit. */
        ONE,
        /** One and a half stop bits. */
        ONE_AND_HALF,
        /** Two stop bits. */
        TWO
    }

    /** How the two ends pace each other. */
    public enum FlowControl {
        /** None. */
        NONE,
        /** Hardware handshake on the RTS and CTS lines. */
        RTS_CTS,
        /** Software handshake with XON and XOFF characters. */
        XON_XOFF
    }

    /**
     * Checks the fields.
     *
     * @param baudRate    bits per second
     * @param dataBits    data bits
     * @param parity      parity
     * @param stopBits    stop bits
     * @param flowControl flow control
     */
    public LineSettings {
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baud rate must be positive, was " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("data bits must be 5 to 8, was " + dataBits);
        }
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        Objects.requireNonNull(flowControl, "flowControl");
    }

    /**
     * @param baudRate bits per second
     * @return 8 data bits, no parity, one stop bit, no flow control at that speed
     */
    public static LineSettings of(int baudRate) {
        return new LineSettings(baudRate, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE);
    }

    /**
     * @return the bits one character takes on the wire: start, data, parity and stop bits
     */
    public double bitsPerCharacter() {
        double stop = switch (stopBits) {
            case ONE -> 1;
            case ONE_AND_HALF -> 1.5;
            case TWO -> 2;
        };
        return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stop;
    }

    /**
     * @return how long one character takes on the wire, in nanoseconds
     */
    public long characterNanos() {
        return (long) Math.ceil(bitsPerCharacter() * 1_000_000_000d / baudRate);
    }

    /**
     * @return the settings in the usual short form, e.g. {@code 9600 8N1}
     */
    @Override
    public String toString() {
        String stop = switch (stopBits) {
            case ONE -> "1";
            case ONE_AND_HALF -> "1.5";
            case TWO -> "2";
        };
        return baudRate + " " + dataBits + parity.name().charAt(0) + stop
                + (flowControl == FlowControl.NONE ? "" : " " + flowControl.name().toLowerCase(Locale.ROOT));
    }
}
