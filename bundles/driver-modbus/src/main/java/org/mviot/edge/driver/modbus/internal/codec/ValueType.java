package org.mviot.edge.driver.modbus.internal.codec;

import java.util.Locale;

/** How a channel's value is laid out in Modbus bits or registers. */
public enum ValueType {
    /** One coil or discrete input, or one bit of a register. */
    BIT(1),
    /** Signed 16-bit integer, one register. */
    INT16(1),
    /** Unsigned 16-bit integer, one register. */
    UINT16(1),
    /** Signed 32-bit integer, two registers. */
    INT32(2),
    /** Unsigned 32-bit integer, two registers. */
    UINT32(2),
    /** Signed 64-bit integer, four registers. */
    INT64(4),
    /** IEEE 754 single precision, two registers. */
    FLOAT32(2),
    /** IEEE 754 double precision, four registers. */
    FLOAT64(4),
    /** Text, two ASCII characters per register, as many registers as the channel's count. */
    STRING(0);

    private final int registers;

    ValueType(int registers) {
        this.registers = registers;
    }

    /**
     * @return registers the type occupies, 0 for {@link #STRING} (whose count is configured)
     */
    public int registers() {
        return registers;
    }

    /**
     * @return whether values are floating point
     */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * @param name a name in a descriptor, any case
     * @return the type, or {@code null}
     */
    public static ValueType byName(String name) {
        for (ValueType t : values()) {
            if (t.name().equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        return null;
    }

    /**
     * @return the name as descriptors write it
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
