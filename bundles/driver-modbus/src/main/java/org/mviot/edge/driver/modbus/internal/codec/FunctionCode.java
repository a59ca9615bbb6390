package org.mviot.edge.driver.modbus.internal.codec;

/** The Modbus function codes this driver speaks. */
public enum FunctionCode {
    /** 0x01: read coils. */
    READ_COILS(1),
    /** 0x02: read discrete inputs. */
    READ_DISCRETE_INPUTS(2),
    /** 0x03: read holding registers. */
    READ_HOLDING_REGISTERS(3),
    /** 0x04: read input registers. */
    READ_INPUT_REGISTERS(4),
    /** 0x05: write a single coil. */
    WRITE_SINGLE_COIL(5),
    /** 0x06: write a single holding register. */
    WRITE_SINGLE_REGISTER(6),
    /** 0x0F: write multiple coils. */
    WRITE_MULTIPLE_COILS(15),
    /** 0x10: write multiple holding registers. */
    WRITE_MULTIPLE_REGISTERS(16),
    /** 0x17: write holding registers, then read holding registers, in one transaction. */
    READ_WRITE_MULTIPLE_REGISTERS(23);

    private final int code;

    FunctionCode(int code) {
        this.code = code;
    }

    /**
     * @return the code on the wire
     */
    public int code() {
        return code;
    }

    /**
     * @param code a code from the wire
     * @return the function, or {@code null} for codes this driver does not speak
     */
    public static FunctionCode of(int code) {
        for (FunctionCode f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        return null;
    }
}
